using Nop.Core.Domain.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// Metadata that ties a WooshPay object to its order, so a webhook can be checked against the order it claims.
/// </summary>
public static class AttemptMetadata
{
    public const string OrderGuid = "order_guid";
    public const string OrderId = "order_id";
    public const string StoreId = "store_id";
    public const string Attempt = "attempt";

    /// <summary>On a refund: the shop's own record of it, so a refund whose
    /// creation answer was lost is still recognised as the shop's.</summary>
    public const string RefundKey = "refund_key";

    public static Dictionary<string, string> For(Order order, int attempt)
    {
        return new Dictionary<string, string>
        {
            [OrderGuid] = order.OrderGuid.ToString(),
            [OrderId] = order.Id.ToString(),
            [StoreId] = order.StoreId.ToString(),
            [Attempt] = attempt.ToString()
        };
    }
}
