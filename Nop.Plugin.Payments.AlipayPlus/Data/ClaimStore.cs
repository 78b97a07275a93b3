using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Data;

/// <summary>
/// How a claim attempt ended.
/// </summary>
public enum ClaimState
{
    /// <summary>This caller inserted the key: it alone does the work, then completes the claim.</summary>
    Won,

    /// <summary>A holder left the claim unfinished past its lease (it crashed): this caller finishes the work,
    /// checking first what the holder already did.</summary>
    TakenOver,

    /// <summary>Another server holds the claim and is within its lease: do nothing now, try again later.</summary>
    Held,

    /// <summary>The work was done; <see cref="ClaimResult.Claim"/> says by whom.</summary>
    Completed
}

/// <param name="State">How the attempt ended.</param>
/// <param name="Claim">The claim row as stored (this caller's when won or taken over).</param>
/// <param name="Abandoned">The unfinished claim a takeover replaced; null otherwise.</param>
public sealed record ClaimResult(ClaimState State, AlipayPlusClaim Claim, AlipayPlusClaim Abandoned = null)
{
    public bool IsMine => State is ClaimState.Won or ClaimState.TakenOver;
}

/// <summary>
/// The claims table: inserting a key is the claim, because the unique index lets exactly one insert of a key
/// succeed on every database nopCommerce supports, whatever the lockers or caches of a web farm do. Only
/// nopCommerce's repository is used (an insert, a read, a delete that reports its count), so nothing here
/// depends on one database's SQL.
/// </summary>
public class ClaimStore
{
    /// <summary>
    /// How long a claim protects its holder. Longer than any holder's work (a gateway call with its retries and
    /// the order update), so a slow holder is never overtaken; short enough that a crashed one is finished by
    /// WooshPay's next delivery or the next reconciliation run.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly IRepository<AlipayPlusClaim> _repository;
    private readonly TimeProvider _timeProvider;

    public ClaimStore(IRepository<AlipayPlusClaim> repository, TimeProvider timeProvider)
    {
        _repository = repository;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Claims <paramref name="key"/> for the work on <paramref name="subjectId"/> of an order.
    /// </summary>
    /// <param name="orderRefundedBefore">The order's refunded amount before the work, kept so a takeover can tell
    /// whether a refund already reached the order (a takeover keeps the first holder's value).</param>
    public async Task<ClaimResult> TryClaimAsync(string key, int orderId, int subjectId,
        decimal orderRefundedBefore = 0m)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);

        var claim = NewClaim(key, orderId, subjectId, orderRefundedBefore);
        var (won, existing) = await TryInsertAsync(claim);
        if (won)
            return new ClaimResult(ClaimState.Won, claim);

        if (existing is null)
            // Released or being taken over between our insert and our read: a later delivery claims it afresh.
            return new ClaimResult(ClaimState.Held, null);

        if (existing.CompletedOnUtc is not null)
            return new ClaimResult(ClaimState.Completed, existing);

        if (_timeProvider.GetUtcNow().UtcDateTime - existing.ClaimedOnUtc < Lease)
            return new ClaimResult(ClaimState.Held, existing);

        // The holder is gone. The takeover is itself claimed, by inserting a key naming this generation
        // of the claim: of two servers taking over at once, one inserts it. The claim's row stays in
        // place (never deleted and inserted again, which would let a third server's plain insert win it
        // as if nothing had been done), keeps the first holder's snapshot, and is handed to the taker.
        var takeoverKey = $"{key}#takeover:{existing.ClaimedOnUtc.Ticks}";
        var marker = NewClaim(takeoverKey, orderId, existing.Id, existing.OrderRefundedBefore);
        marker.CompletedOnUtc = marker.ClaimedOnUtc;
        if (!(await TryInsertAsync(marker)).Won)
            return new ClaimResult(ClaimState.Held, existing);

        var abandoned = new AlipayPlusClaim
        {
            Id = existing.Id, ClaimKey = existing.ClaimKey, OrderId = existing.OrderId, SubjectId = existing.SubjectId,
            OrderRefundedBefore = existing.OrderRefundedBefore, ClaimedOnUtc = existing.ClaimedOnUtc
        };
        existing.SubjectId = subjectId;
        existing.ClaimedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        await _repository.UpdateAsync(existing, false);
        return new ClaimResult(ClaimState.TakenOver, existing, abandoned);
    }

    /// <summary>
    /// Runs <paramref name="effect"/> once under the claim <paramref name="key"/> and completes it. The effect is told
    /// when it finishes a dead holder's work (so it writes only what is missing). Held: another server is doing it, or
    /// died doing so; nothing is done here and the caller must not record the work as done, so the next delivery, sync
    /// or reconciliation comes back to it.
    /// </summary>
    public async Task<ClaimState> RunOnceAsync(string key, int orderId, int subjectId, Func<bool, Task> effect)
    {
        var claim = await TryClaimAsync(key, orderId, subjectId);
        if (!claim.IsMine)
            return claim.State;

        await effect(claim.State == ClaimState.TakenOver);
        await CompleteAsync(claim.Claim);
        return claim.State;
    }

    /// <summary>
    /// Marks the work done, last of its steps: until then a crash leaves the claim to be taken over.
    /// </summary>
    public Task CompleteAsync(AlipayPlusClaim claim, int? subjectId = null)
    {
        ArgumentNullException.ThrowIfNull(claim);

        claim.CompletedOnUtc = _timeProvider.GetUtcNow().UtcDateTime;
        if (subjectId is not null)
            claim.SubjectId = subjectId.Value;
        return _repository.UpdateAsync(claim, false);
    }

    /// <summary>
    /// Gives an unfinished claim back (the work failed cleanly and changed nothing), so the next try need not wait
    /// for the lease. Deletes only this holder's row.
    /// </summary>
    public async Task ReleaseAsync(AlipayPlusClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);

        var id = claim.Id;
        await _repository.DeleteAsync(row => row.Id == id && row.CompletedOnUtc == null);
    }

    /// <summary>
    /// Claims of one kind left unfinished since before <paramref name="claimedBeforeUtc"/>:
    /// work a dead server began that nothing else would bring back to (e.g.
    /// a cancellation after which the order is no longer listed as pending).
    /// </summary>
    public Task<IList<AlipayPlusClaim>> GetUnfinishedAsync(string keyPrefix, DateTime claimedBeforeUtc, int maxCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);

        return _repository.GetAllAsync(query => query
            .Where(row => row.CompletedOnUtc == null && row.ClaimedOnUtc < claimedBeforeUtc
                && row.ClaimKey.StartsWith(keyPrefix))
            .OrderBy(row => row.Id)
            .Take(maxCount));
    }

    /// <summary>The claims held under any of <paramref name="keys"/>, in one round trip.</summary>
    public Task<IList<AlipayPlusClaim>> GetAllAsync(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return _repository.GetAllAsync(query => query.Where(row => keys.Contains(row.ClaimKey)));
    }

    public async Task<AlipayPlusClaim> GetAsync(string key)
    {
        var found = await _repository.GetAllAsync(query => query.Where(row => row.ClaimKey == key).Take(1));
        return found.FirstOrDefault();
    }

    private AlipayPlusClaim NewClaim(string key, int orderId, int subjectId, decimal orderRefundedBefore) => new()
    {
        ClaimKey = key,
        OrderId = orderId,
        SubjectId = subjectId,
        OrderRefundedBefore = orderRefundedBefore,
        ClaimedOnUtc = _timeProvider.GetUtcNow().UtcDateTime
    };

    /// <summary>Inserts the claim; when the key is taken, the row
    /// that holds it (read once, null if gone since).</summary>
    private async Task<(bool Won, AlipayPlusClaim Existing)> TryInsertAsync(AlipayPlusClaim claim)
    {
        try
        {
            await _repository.InsertAsync(claim, false);
            return (true, null);
        }
        catch (Exception)
        {
            // The unique index refused a second row with this key (SQL Server, MySQL and PostgreSQL each throw
            // their own exception type for it; a read that fails too rethrows). When no row is there any more,
            // its holder released it or a takeover is replacing it in between: the caller treats the claim
            // as held and comes back later, never as won, since the work may be half done. An insert that
            // committed but whose answer was lost finds its own row: also held, and taken over after the lease.
            return (false, await GetAsync(claim.ClaimKey));
        }
    }
}

/// <summary>
/// The keys of what the plugin does at most once, one place so every path claims the same thing.
/// </summary>
public static class ClaimKeys
{
    /// <summary>The order is marked paid by exactly one payment,
    /// whichever attempt, server or delivery brings it.</summary>
    public static string OrderPaid(int orderId) => $"order-paid:{orderId}";

    /// <summary>A payment that arrived for an order another payment
    /// (or the admin) had already paid is flagged once.</summary>
    public static string ExtraPayment(int paymentId) => $"extra-payment:{paymentId}";

    /// <summary>A payment whose amount differs from its order's current total (the admin edited the total
    /// after the attempt opened) is flagged once; from then on it never marks the order paid.</summary>
    public static string AmountDiffers(int paymentId) => $"amount-differs:{paymentId}";

    /// <summary>An attempt's failure or cancellation is noted (and the order perhaps cancelled) once.</summary>
    public static string AttemptClosed(int paymentId, string status) => $"attempt-closed:{paymentId}:{status}";

    /// <summary>
    /// An order left unpaid is cancelled (its stock returned) once. A settlement checks it after claiming
    /// <see cref="OrderPaid"/>, and the cancellation checks that claim after claiming this one, so of a payment and a
    /// cancellation at the same moment at least one sees the other and never both act.
    /// </summary>
    public static string UnpaidOrderCanceled(int orderId) => UnpaidOrderCanceledPrefix + orderId;

    public const string UnpaidOrderCanceledPrefix = "order-unpaid-cancel:";

    /// <summary>A payment taken for an order that could no longer be marked paid is noted once.</summary>
    public static string PaidButOrderClosed(int paymentId) => $"paid-order-closed:{paymentId}";

    /// <summary>A store's return-page secret is created once, by whichever server needs it first.</summary>
    public static string ReturnTokenSecret(int storeId) => $"return-token-secret:{storeId}";

    /// <summary>A refund is booked on the order's refunded amount once.</summary>
    public static string RefundBooked(int refundRecordId) => $"refund-booked:{refundRecordId}";

    /// <summary>A failed refund is taken back out of the order's refunded amount once.</summary>
    public static string RefundReversed(int refundRecordId) => $"refund-reversed:{refundRecordId}";

    /// <summary>
    /// Refund bookings a concurrent whole-order write wiped off the order are booked back once per sum of the refunds
    /// known to be on it (in hundredths of the primary currency): a later loss on the same order, with more refunds
    /// known, is a key of its own.
    /// </summary>
    public static string RefundsRestored(int orderId, long knownHundredths) =>
        $"{RefundsRestoredPrefix}{orderId}:{knownHundredths}";

    public const string RefundsRestoredPrefix = "refunds-restored:";

    /// <summary>A refund's final state is noted once.</summary>
    public static string RefundNoted(int refundRecordId, string status) => $"refund-noted:{refundRecordId}:{status}";

    /// <summary>A webhook event is processed once per store: another store's delivery of it is its own.</summary>
    public static string WebhookEvent(int storeId, string eventId) => $"event:{storeId}:{eventId}";
}
