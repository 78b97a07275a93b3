#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>The verdict on one webhook signature. <see cref="Reason"/>
/// is safe to log: it never holds a secret or a signature.</summary>
public sealed class WebhookSignatureResult
{
    private static readonly WebhookSignatureResult MissingHeaderResult =
        new(false, WebhookSignatureFailure.MissingHeader, $"The {WooshPayHeaders.Signature} header is missing.", null);

    private static readonly WebhookSignatureResult MissingSecretResult =
        new(false, WebhookSignatureFailure.MissingSecret,
            "No webhook signing secret is configured, so no delivery can be trusted.", null);

    private WebhookSignatureResult(bool isValid, WebhookSignatureFailure failure, string reason,
        DateTimeOffset? signedAt)
    {
        IsValid = isValid;
        Failure = failure;
        Reason = reason;
        SignedAt = signedAt;
    }

    public bool IsValid { get; }

    public WebhookSignatureFailure Failure { get; }

    public string Reason { get; }

    /// <summary>The t= of the header, when it could be read.</summary>
    public DateTimeOffset? SignedAt { get; }

    public override string ToString() => IsValid ? "valid" : $"{Failure}: {Reason}";

    internal static WebhookSignatureResult Valid(DateTimeOffset signedAt) =>
        new(true, WebhookSignatureFailure.None, "The signature matches.", signedAt);

    internal static WebhookSignatureResult MissingHeader() => MissingHeaderResult;

    internal static WebhookSignatureResult MissingSecret() => MissingSecretResult;

    internal static WebhookSignatureResult Malformed(string reason) =>
        new(false, WebhookSignatureFailure.MalformedHeader, reason, null);

    internal static WebhookSignatureResult Rejected(WebhookSignatureFailure failure, string reason,
        DateTimeOffset? signedAt) =>
        new(false, failure, reason, signedAt);
}
