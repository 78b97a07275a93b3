using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Services.Configuration;
using Nop.Services.Logging;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Reconciliation;

/// <summary>
/// Cancels orders left unpaid (the shop's "cancel orders left unpaid after N minutes"),
/// returning their stock through nopCommerce's own cancellation, once across servers and
/// crashes: claimed in the database, decided on the order and its attempts read afresh, never
/// while WooshPay could still take a payment for it, never over a payment that succeeded.
/// </summary>
public class UnpaidOrderCanceller
{
    // A just-placed order is being sent to WooshPay right now; it is never looked at.
    private static readonly TimeSpan _youngest = TimeSpan.FromMinutes(1);

    private readonly ClaimStore _claims;
    private readonly ILogger _logger;
    private readonly OrderNoteWriter _notes;
    private readonly IOrderProcessingService _orderProcessingService;
    private readonly IRepository<Order> _orderTable;
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly ISettingService _settingService;
    private readonly TimeProvider _timeProvider;

    public UnpaidOrderCanceller(ClaimStore claims,
        ILogger logger,
        OrderNoteWriter notes,
        IOrderProcessingService orderProcessingService,
        IRepository<Order> orderTable,
        IPaymentRecordStore paymentRecords,
        ISettingService settingService,
        TimeProvider timeProvider)
    {
        _claims = claims;
        _logger = logger;
        _notes = notes;
        _orderProcessingService = orderProcessingService;
        _orderTable = orderTable;
        _paymentRecords = paymentRecords;
        _settingService = settingService;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Alipay+ orders still pending and unpaid, placed after <paramref name="placedAfterUtc"/>,
    /// oldest first; then those whose cancellation a dead server left unfinished.
    /// </summary>
    public async Task<IList<Order>> GetPendingOrdersAsync(DateTime placedAfterUtc, int maxCount)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var placedBefore = now - _youngest;
        var pending = (int)OrderStatus.Pending;
        var unpaid = (int)PaymentStatus.Pending;
        var orders = (await _orderTable.GetAllAsync(query => query
            .Where(order => order.PaymentMethodSystemName == AlipayPlusDefaults.SystemName && !order.Deleted
                && order.OrderStatusId == pending && order.PaymentStatusId == unpaid
                && order.CreatedOnUtc >= placedAfterUtc && order.CreatedOnUtc < placedBefore)
            .OrderBy(order => order.Id)
            .Take(maxCount))).ToList();

        // A server that died after cancelling left an order no
        // longer pending; its unfinished claim brings it back here.
        foreach (var claim in await _claims.GetUnfinishedAsync(ClaimKeys.UnpaidOrderCanceledPrefix,
            now - ClaimStore.Lease, maxCount))
        {
            if (orders.Any(order => order.Id == claim.OrderId))
                continue;
            if (await _orderTable.GetByIdAsync(claim.OrderId) is { } order)
                orders.Add(order);
        }

        return orders;
    }

    /// <returns>Whether this call cancelled the order.</returns>
    public async Task<bool> CancelIfLeftUnpaidAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);

        var minutes =
            (await _settingService.LoadSettingAsync<AlipayPlusSettings>(order.StoreId)).CancelUnpaidOrdersAfterMinutes;
        var key = ClaimKeys.UnpaidOrderCanceled(order.Id);
        if (!IsPendingAndUnpaid(order))
        {
            // Only a cancellation a dead server left unfinished is worth coming back to: its note may be missing.
            var unfinished = order.OrderStatus == OrderStatus.Cancelled ? await _claims.GetAsync(key) : null;
            if (unfinished is null || unfinished.CompletedOnUtc is not null)
                return false;
        }
        else if (minutes <= 0 || !await IsLeftUnpaidAsync(order, minutes))
            return false;

        var claim = await _claims.TryClaimAsync(key, order.Id, 0);
        if (!claim.IsMine)
            return false;

        // Looked for only now that this claim is in: a settlement looks for this claim after
        // taking its own, so of a payment and this cancellation at the same moment at least
        // one sees the other. A payment claimed first is never cancelled under; the claim is
        // completed, since an order whose payment succeeded must never be cancelled as unpaid.
        if (await _claims.GetAsync(ClaimKeys.OrderPaid(order.Id)) is not null)
        {
            await _claims.CompleteAsync(claim.Claim);
            return false;
        }

        var finishing = claim.State == ClaimState.TakenOver;
        var current = await _orderTable.GetByIdAsync(order.Id);
        if (finishing && current?.OrderStatus == OrderStatus.Cancelled)
        {
            // The holder died after cancelling: only its note may be missing.
            await _notes.AddUnlessPresentAsync(current.Id, "Order.Note.UnpaidCanceled",
                current.CustomOrderNumber ?? current.Id.ToString(), minutes);
            await _claims.CompleteAsync(claim.Claim);
            return false;
        }

        if (current is null || current.Deleted || !IsPendingAndUnpaid(current)
            || !_orderProcessingService.CanCancelOrder(current))
        {
            // Paid by hand, cancelled by the admin or deleted meanwhile: nothing is left to do for this order.
            await _claims.CompleteAsync(claim.Claim);
            return false;
        }

        // Asked again under the claim: the shopper may have opened a new attempt since the first look.
        if (!await IsLeftUnpaidAsync(current, minutes))
        {
            await _claims.ReleaseAsync(claim.Claim);
            return false;
        }

        await _orderProcessingService.CancelOrderAsync(current, true);
        var number = current.CustomOrderNumber ?? current.Id.ToString();
        if (finishing)
            await _notes.AddUnlessPresentAsync(current.Id, "Order.Note.UnpaidCanceled", number, minutes);
        else
            await _notes.AddAsync(current.Id, "Order.Note.UnpaidCanceled", number, minutes);
        await _claims.CompleteAsync(claim.Claim);

        await _logger.InformationAsync(
            $"Alipay+: order {current.Id} was cancelled as left unpaid for {minutes} minutes.");
        return true;
    }

    /// <summary>
    /// No try to pay for <paramref name="minutes"/> (since the order was placed or its last attempt opened),
    /// and no attempt WooshPay could still take a payment on. A create that never got its answer counts
    /// as closed once the cashier it might have opened has expired: nobody was ever sent to its page.
    /// </summary>
    private async Task<bool> IsLeftUnpaidAsync(Order order, int minutes)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var attempts = await _paymentRecords.GetByOrderIdAsync(order.Id);
        var lastTry = attempts.Select(attempt => attempt.CreatedOnUtc).Append(order.CreatedOnUtc).Max();
        if (now - lastTry < TimeSpan.FromMinutes(minutes))
            return false;

        return attempts.All(attempt => AttemptLifecycle.IsClosed(attempt.Status)
            || (attempt.Status == PaymentRecordStatus.Creating
                && now - attempt.CreatedOnUtc >= AlipayPlusDefaults.AbandonAttemptAfter));
    }

    private static bool IsPendingAndUnpaid(Order order) => order.OrderStatus == OrderStatus.Pending
        && order.PaymentStatus == PaymentStatus.Pending;
}
