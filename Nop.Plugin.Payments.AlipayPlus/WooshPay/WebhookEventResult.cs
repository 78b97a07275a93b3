#nullable enable
using System.Diagnostics.CodeAnalysis;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// What <see cref="WebhookSignatureVerifier.ConstructEvent(ReadOnlySpan{byte}, string?, string?, TimeSpan)"/>
/// made of one delivery: the event when it is authentic and readable, otherwise why not. Either failure asks
/// the same of the caller (change nothing, refuse the bytes: resending them cannot succeed), so one
/// <see cref="Reason"/> serves both; <see cref="Signature"/> and <see cref="FormatError"/> tell them apart.
/// <see cref="Reason"/> is safe to log: it never holds a secret or a signature.
/// </summary>
public sealed class WebhookEventResult
{
    private WebhookEventResult(WebhookSignatureResult signature, WebhookEvent? webhookEvent, string? formatError)
    {
        Signature = signature;
        Event = webhookEvent;
        FormatError = formatError;
    }

    /// <summary>The parsed event; set only when the signature matched and the body is an event.</summary>
    public WebhookEvent? Event { get; }

    /// <summary>The verdict on the signature, always given: the body is only read once it is valid.</summary>
    public WebhookSignatureResult Signature { get; }

    /// <summary>Why an authentic body is not a WooshPay event; null otherwise.</summary>
    public string? FormatError { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    public bool IsValid => Event is not null;

    public string Reason =>
        !Signature.IsValid ? $"signature check failed: {Signature.Reason}"
        : FormatError is not null ? $"the body is not a WooshPay event: {FormatError}"
        : $"event {Event!.Id} is authentic";

    public override string ToString() => Reason;

    internal static WebhookEventResult SignatureRejected(WebhookSignatureResult signature) =>
        new(signature, null, null);

    internal static WebhookEventResult Malformed(WebhookSignatureResult signature, string formatError) =>
        new(signature, null, formatError);

    internal static WebhookEventResult Constructed(WebhookSignatureResult signature, WebhookEvent webhookEvent) =>
        new(signature, webhookEvent, null);
}
