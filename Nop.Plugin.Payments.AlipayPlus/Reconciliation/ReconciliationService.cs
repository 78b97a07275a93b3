using System.Diagnostics;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Configuration;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Reconciliation;

/// <summary>
/// Finds payments and refunds that never heard back from WooshPay (lost webhooks, closed browsers) and
/// settles them through the same paths as webhooks. Bounded per run; the database decides what is done.
/// </summary>
public class ReconciliationService
{
    private const int PageSize = 50;

    private readonly AbandonedAttemptCloser _abandonedAttempts;
    private readonly UnpaidOrderCanceller _unpaidOrders;
    private readonly IWooshPayClient _client;
    private readonly ILogger _logger;
    private readonly IPaymentRecordStore _paymentRecords;
    private readonly RefundRecordStore _refundRecords;
    private readonly RefundSettlement _refundSettlement;
    private readonly ISettingService _settingService;
    private readonly PaymentSettlement _settlement;
    private readonly TimeProvider _timeProvider;

    public ReconciliationService(IWooshPayClient client,
        ILogger logger,
        IPaymentRecordStore paymentRecords,
        RefundRecordStore refundRecords,
        RefundSettlement refundSettlement,
        ISettingService settingService,
        PaymentSettlement settlement,
        TimeProvider timeProvider,
        AbandonedAttemptCloser abandonedAttempts,
        UnpaidOrderCanceller unpaidOrders)
    {
        _abandonedAttempts = abandonedAttempts;
        _unpaidOrders = unpaidOrders;
        _client = client;
        _logger = logger;
        _paymentRecords = paymentRecords;
        _refundRecords = refundRecords;
        _refundSettlement = refundSettlement;
        _settingService = settingService;
        _settlement = settlement;
        _timeProvider = timeProvider;
    }

    public async Task<ReconciliationReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>();
        var since = _timeProvider.GetUtcNow().UtcDateTime.AddDays(-Math.Max(1, settings.ReconciliationWindowDays));
        var budget = Math.Max(1, settings.ReconciliationBatchSize);
        var run = new RunCounters();

        // Abandoned attempts first: once closed, the loop below no longer asks WooshPay about them.
        await CloseAbandonedAttemptsAsync(since, budget, run, cancellationToken);
        if (!run.Throttled)
            settings.ReconciliationCursor = await ReconcileAttemptsAsync(since, budget, settings.ReconciliationCursor,
                run, cancellationToken);
        // Cleared cache, so the next run's LoadSettingAsync sees this cursor: nopCommerce loads settings from one
        // cached copy of the table, and a save without clearing it would start every run at the same place.
        await _settingService.SaveSettingAsync(settings, x => x.ReconciliationCursor, 0, true);
        if (!run.Throttled)
            await ReconcileRefundsAsync(since, budget - run.AttemptsChecked, run, cancellationToken);
        if (!run.Throttled)
            await ReconcileUnheardRefundsAsync(since, budget - run.AttemptsChecked, run, cancellationToken);

        // Refund bookings wiped off an order by a concurrent write whose restore's server died before finishing.
        await GuardAsync(run, "unfinished restores of lost refund bookings", async () =>
            await _refundSettlement.ResumeRestoresAsync(PageSize) > 0);

        // Last, after the closes above: an order is cancelled only once nothing of it can be paid at WooshPay.
        await CancelUnpaidOrdersAsync(since, budget, run);

        var report = new ReconciliationReport(run.AttemptsChecked, run.RefundsChecked, run.Changed, run.Skipped,
            run.Throttled, stopwatch.Elapsed, run.AttemptsClosed, run.OrdersCanceled);
        if (run.Changed > 0 || run.Throttled)
            await _logger.InformationAsync($"Alipay+ reconciliation: {report}.");

        return report;
    }

    /// <summary>
    /// Attempts still payable at WooshPay after the cashier's expiry and a grace
    /// period are closed there; each counts against the run's budget of attempts.
    /// </summary>
    private async Task CloseAbandonedAttemptsAsync(DateTime since, int budget, RunCounters run,
        CancellationToken cancellationToken)
    {
        var before = _timeProvider.GetUtcNow().UtcDateTime - AlipayPlusDefaults.AbandonAttemptAfter;
        foreach (var payment in await _paymentRecords.GetAbandonedAsync(since, before, Math.Min(PageSize, budget)))
        {
            run.AttemptsChecked++;
            await GuardAsync(run,
                $"the close of abandoned attempt {payment.Attempt} of order {payment.OrderId}", async () =>
            {
                var outcome = await _abandonedAttempts.CloseAsync(payment, cancellationToken);
                if (outcome is SettlementOutcome.Canceled)
                    run.AttemptsClosed++;
                return outcome is not null;
            });
            if (run.Throttled)
                return;
        }
    }

    private async Task CancelUnpaidOrdersAsync(DateTime since, int budget, RunCounters run)
    {
        foreach (var order in await _unpaidOrders.GetPendingOrdersAsync(since, Math.Min(PageSize, budget)))
        {
            await GuardAsync(run, $"the cancellation of unpaid order {order.Id}", async () =>
            {
                var canceled = await _unpaidOrders.CancelIfLeftUnpaidAsync(order);
                if (canceled)
                    run.OrdersCanceled++;
                return canceled;
            });
        }
    }

    /// <returns>Where the next run starts: after the last attempt
    /// checked, or 0 once every attempt was reached.</returns>
    private async Task<int> ReconcileAttemptsAsync(DateTime since, int budget, int cursor, RunCounters run,
        CancellationToken cancellationToken)
    {
        // Start after the previous run's last attempt and wrap around once, so a backlog larger than one
        // run is worked through in turn.
        var afterId = cursor;
        var wrapped = cursor == 0;
        while (run.AttemptsChecked < budget && !run.Throttled)
        {
            var page = await _paymentRecords.GetUnsettledAsync(since, afterId,
                Math.Min(PageSize, budget - run.AttemptsChecked));
            if (wrapped)
                page = page.Where(payment => cursor == 0 || payment.Id <= cursor).ToList();
            if (page.Count == 0)
            {
                if (wrapped)
                    return 0;
                wrapped = true;
                afterId = 0;
                continue;
            }

            foreach (var payment in page)
            {
                afterId = payment.Id;
                run.AttemptsChecked++;

                // An attempt WooshPay never confirmed has nothing to ask about; the shopper's retry resumes it.
                if (string.IsNullOrEmpty(payment.PaymentIntentId) && string.IsNullOrEmpty(payment.CheckoutSessionId))
                {
                    run.Skipped++;
                    continue;
                }

                await GuardAsync(run, $"attempt {payment.Attempt} of order {payment.OrderId}", async () =>
                {
                    var result = await _settlement.SyncAsync(payment, "reconciliation", cancellationToken);
                    return result.Changed;
                });

                if (run.Throttled)
                    return afterId;
            }
        }

        return afterId;
    }

    private async Task ReconcileRefundsAsync(DateTime since, int budget, RunCounters run,
        CancellationToken cancellationToken)
    {
        // Refunds whose answer was lost first: their amounts are held until WooshPay is asked about them.
        foreach (var refund in await _refundRecords.GetUnansweredAsync(since, Math.Min(PageSize, budget)))
        {
            run.RefundsChecked++;
            await GuardAsync(run, $"unanswered refund {refund.IdempotencyKey} of order {refund.OrderId}", async () =>
                await _refundSettlement.ResolveUnansweredAsync(refund, "reconciliation", cancellationToken)
                    != RefundOutcome.Unchanged);
            if (run.Throttled)
                return;
        }

        var afterId = 0;
        while (run.RefundsChecked < budget && !run.Throttled)
        {
            var page = await _refundRecords.GetPendingAsync(since, afterId,
                Math.Min(PageSize, budget - run.RefundsChecked));
            if (page.Count == 0)
                return;

            foreach (var refund in page)
            {
                afterId = refund.Id;
                run.RefundsChecked++;
                run.RefundIdsChecked.Add(refund.RefundId);

                await GuardAsync(run, $"refund {refund.RefundId} of order {refund.OrderId}", async () =>
                    await _refundSettlement.SyncAsync(refund.StoreId, refund.RefundId, "reconciliation",
                        cancellationToken) != RefundOutcome.Unchanged);

                if (run.Throttled)
                    return;
            }
        }
    }

    /// <summary>
    /// Refunds the shop has no record of, or an outdated one: a refund made in WooshPay's dashboard whose
    /// webhooks were all lost left nothing in the shop for the loop above to ask about, so the order kept
    /// showing money the shopper already got back. WooshPay's refund list (newest first) of every account
    /// that took a payment is read back to the window's start; each refund the shop does not already hold in
    /// its current state goes through the same updater as a webhook.
    /// </summary>
    private async Task ReconcileUnheardRefundsAsync(DateTime since, int budget, RunCounters run,
        CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<string, WooshPayAccount>();
        foreach (var storeId in (await _paymentRecords.GetStoreIdsWithPaidAttemptsAsync()).Prepend(0))
        {
            var store = await _settingService.ForStoreAsync(storeId);
            if (!store.IsConfigured)
                continue;
            var account = store.Account;
            accounts.TryAdd($"{account.SecretKey}|{account.BaseAddress}", account);
        }

        foreach (var account in accounts.Values)
        {
            string startingAfter = null;
            var more = true;
            while (more && run.RefundsChecked < budget && !run.Throttled)
            {
                WooshPayList<Refund> page = null;
                await GuardAsync(run, $"the refund list of {account}", async () =>
                {
                    page = await _client.ListRefundsAsync(account, null,
                        new ListOptions { Limit = ListOptions.MaxLimit, StartingAfter = startingAfter },
                        cancellationToken);
                    return false;
                });
                if (page?.Data is null || page.Data.Count == 0)
                    break;

                more = page.HasMore;
                foreach (var refund in page.Data)
                {
                    startingAfter = refund.Id;
                    if (WooshPayTimestamp.ToDateTimeOffset(refund.Created).UtcDateTime < since)
                    {
                        more = false;
                        break;
                    }

                    if (!run.RefundIdsChecked.Add(refund.Id))
                        continue;
                    var known = await _refundRecords.GetByRefundIdAsync(refund.Id);
                    if (known is not null && known.Status == refund.Status)
                        continue;
                    // Another system sharing the WooshPay account refunded its own payment: not this shop's business.
                    if (known is null && await _paymentRecords.GetByPaymentIntentIdAsync(refund.PaymentIntent) is null)
                        continue;

                    run.RefundsChecked++;
                    await GuardAsync(run, $"refund {refund.Id}", async () =>
                        await _refundSettlement.ApplyAsync(refund, "reconciliation") != RefundOutcome.Unchanged);
                    if (run.Throttled || run.RefundsChecked >= budget)
                        return;
                }
            }
        }
    }

    /// <summary>
    /// One item's failure must not stop the run, except WooshPay asking us to slow down, which ends it:
    /// the next run picks up where this one could not go.
    /// </summary>
    private async Task GuardAsync(RunCounters run, string item, Func<Task<bool>> work)
    {
        try
        {
            if (await work())
                run.Changed++;
        }
        catch (OrderBusyException)
        {
            run.Skipped++;
        }
        catch (WooshPayException exception) when (exception.HttpStatus == 429)
        {
            run.Skipped++;
            run.Throttled = true;
        }
        catch (WooshPayException exception)
        {
            run.Skipped++;
            await _logger.WarningAsync($"Alipay+ reconciliation could not check {item}: {exception.Message}");
        }
    }

    private sealed class RunCounters
    {
        public int AttemptsChecked;
        public int RefundsChecked;
        public int Changed;
        public int Skipped;
        public int AttemptsClosed;
        public int OrdersCanceled;
        public bool Throttled;
        public readonly HashSet<string> RefundIdsChecked = new(StringComparer.Ordinal);
    }
}
