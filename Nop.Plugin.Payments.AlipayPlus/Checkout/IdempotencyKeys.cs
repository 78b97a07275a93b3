namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// Idempotency keys derived from the business operation, so a
/// retry of the same operation is the same request at WooshPay.
/// </summary>
public static class IdempotencyKeys
{
    public static string CreateAttempt(Guid orderGuid, int attempt) => $"alipayplus-{orderGuid:N}-attempt-{attempt}";

    public static string CloseAttempt(Guid orderGuid, int attempt) =>
        $"alipayplus-{orderGuid:N}-attempt-{attempt}-close";

    public static string Refund(Guid orderGuid, int refundNumber, long amountMinor) =>
        $"alipayplus-{orderGuid:N}-refund-{refundNumber}-{amountMinor}";

    /// <summary>The one full refund of a payment the order did not need (the shopper paid twice).</summary>
    public static string ExtraPaymentRefund(Guid orderGuid, int attempt) =>
        $"alipayplus-{orderGuid:N}-attempt-{attempt}-extra-refund";

    public static string WebhookEndpoint(int storeId, string url)
    {
        var urlHash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url));
        return $"alipayplus-webhook-{storeId}-{Convert.ToHexString(urlHash)[..16]}";
    }
}
