using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// One thing nopCommerce's order processing did to an order, on which node: what a "paid twice" or "refunded twice"
/// is counted from, whatever the order row says afterwards.
/// </summary>
public class ShopOrderEffect : BaseEntity
{
    public const string MarkOrderAsPaid = nameof(MarkOrderAsPaid);
    public const string RefundOffline = nameof(RefundOffline);
    public const string PartiallyRefundOffline = nameof(PartiallyRefundOffline);
    public const string CancelOrder = nameof(CancelOrder);
    /// <summary>nopCommerce counted a refund the payment method accepted (the admin's refund).</summary>
    public const string AcceptedRefund = nameof(AcceptedRefund);

    public int OrderId { get; set; }

    public string Kind { get; set; }

    /// <summary>The order total marked paid, or the amount refunded; 0 for a cancellation.</summary>
    public decimal Amount { get; set; }

    public string Node { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}

/// <summary>
/// The stand-in for nopCommerce's own order tables in the farm's database: test-only, created by the farm, not by the
/// plugin's migrations. Ids start high so an order id never equals a plugin row's id by accident.
/// </summary>
public static class ShopTables
{
    public static readonly MappedTable Orders = new(typeof(Order), "ShopOrder");
    public static readonly MappedTable OrderNotes = new(typeof(OrderNote), "ShopOrderNote");
    public static readonly MappedTable Effects = new(typeof(ShopOrderEffect), nameof(ShopOrderEffect));

    public static IReadOnlyList<MappedTable> All { get; } = [Orders, OrderNotes, Effects];

    public static async Task CreateAsync(PostgresTestDatabase database)
    {
        await database.CreateTableAsync(Orders, firstId: 1001);
        await database.CreateTableAsync(OrderNotes, firstId: 5001);
        await database.CreateTableAsync(Effects, firstId: 9001);
    }
}
