#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>Why a webhook signature was rejected; each calls for a different fix.</summary>
public enum WebhookSignatureFailure
{
    None = 0,

    /// <summary>No Wooshpay-Signature header: not from WooshPay, or a proxy stripped it.</summary>
    MissingHeader,

    /// <summary>The header lacks t= or a well-formed v1=.</summary>
    MalformedHeader,

    /// <summary>No signing secret configured on our side.</summary>
    MissingSecret,

    /// <summary>Signed too long ago: a replay, or a delivery retried after the tolerance.</summary>
    StaleTimestamp,

    /// <summary>Signed in the future beyond the tolerance: a clock is wrong.</summary>
    FutureTimestamp,

    /// <summary>No v1 matched: wrong secret (test vs live endpoint?) or a body changed on the way.</summary>
    BadSignature,
}
