using Nop.Core.Domain.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// Metadata that ties a WooshPay object to its order, so a webhook can be checked against the order it claims.
/// </summary>
public static class AttemptMetadata
{
    public const string OrderGuid = OrderPaymentUpdater.OrderGuidMetadataKey;
    public const string OrderId = "order_id";
    public const string StoreId = "store_id";
    public const string Attempt = "attempt";

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
