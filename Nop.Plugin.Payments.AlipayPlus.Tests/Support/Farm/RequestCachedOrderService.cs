using System.Collections.Concurrent;
using Nop.Core.Domain.Orders;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// nopCommerce's order service as a request sees it: an order read once is answered from the request's short-term
/// cache afterwards (the same object), so a second read in the request does not see what another node wrote since.
/// One per DI scope, as nopCommerce's cache is one per request.
/// </summary>
public sealed class RequestCachedOrderService : IOrderService
{
    private readonly ConcurrentDictionary<int, Order> _read = new();
    private readonly IOrderService _database;

    public RequestCachedOrderService(IOrderService database)
    {
        _database = database;
    }

    public async Task<Order> GetOrderByIdAsync(int orderId)
    {
        if (_read.TryGetValue(orderId, out var cached))
            return cached;

        var order = await _database.GetOrderByIdAsync(orderId);
        return order is null ? null : _read.GetOrAdd(orderId, order);
    }

    public Task<Order> GetOrderByGuidAsync(Guid orderGuid) => _database.GetOrderByGuidAsync(orderGuid);

    public Task UpdateOrderAsync(Order order) => _database.UpdateOrderAsync(order);

    public Task<IList<OrderNote>> GetOrderNotesByOrderIdAsync(int orderId, bool? displayToCustomer = null) =>
        _database.GetOrderNotesByOrderIdAsync(orderId, displayToCustomer);

    public Task InsertOrderNoteAsync(OrderNote orderNote) => _database.InsertOrderNoteAsync(orderNote);

    public Task<IList<OrderItem>> GetOrderItemsAsync(int orderId, bool? isNotReturnable = null,
        bool? isShipEnabled = null, int vendorId = 0) =>
        _database.GetOrderItemsAsync(orderId, isNotReturnable, isShipEnabled, vendorId);
}
