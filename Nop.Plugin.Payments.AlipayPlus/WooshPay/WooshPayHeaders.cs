#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>Header names on the WooshPay wire.</summary>
public static class WooshPayHeaders
{
    public const string IdempotencyKey = "Idempotency-Key";

    public const string RequestId = "Request-Id";

    public const string Signature = "Wooshpay-Signature";
}
