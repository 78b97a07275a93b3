namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// What one reconciliation run looked at, changed, skipped and whether WooshPay throttled it.
/// </summary>
public sealed record ReconciliationReport(int AttemptsChecked, int RefundsChecked, int Changed, int Skipped, bool Throttled, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{AttemptsChecked} attempt(s) and {RefundsChecked} refund(s) checked, {Changed} changed, {Skipped} skipped{(Throttled ? ", stopped early: WooshPay asked to slow down" : "")}, in {Elapsed.TotalSeconds:0.0} s";
}
