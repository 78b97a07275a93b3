namespace Nop.Plugin.Payments.AlipayPlus.Reconciliation;

/// <summary>
/// What one reconciliation run looked at, changed, skipped and whether WooshPay throttled it; how
/// many abandoned attempts it closed at WooshPay and how many orders left unpaid it cancelled.
/// </summary>
public sealed record ReconciliationReport(int AttemptsChecked, int RefundsChecked, int Changed, int Skipped,
    bool Throttled, TimeSpan Elapsed, int AttemptsClosed = 0, int OrdersCanceled = 0)
{
    public override string ToString() =>
        $"{AttemptsChecked} attempt(s) and {RefundsChecked} refund(s) checked, {Changed} changed, {Skipped} skipped, " +
        $"{AttemptsClosed} abandoned attempt(s) closed, {OrdersCanceled} unpaid order(s) cancelled" +
        $"{(Throttled ? ", stopped early: WooshPay asked to slow down" : "")}, in {Elapsed.TotalSeconds:0.0} s";
}
