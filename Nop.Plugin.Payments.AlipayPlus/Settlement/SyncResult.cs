namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

/// <summary>
/// The PaymentIntent status WooshPay reported, what settling it did to the order, and the attempt's
/// recorded status before and after.
/// </summary>
public sealed record SyncResult(string IntentStatus, SettlementOutcome Outcome, string StatusBefore, string StatusAfter)
{
    public bool Changed => StatusBefore != StatusAfter || Outcome == SettlementOutcome.Paid;
}
