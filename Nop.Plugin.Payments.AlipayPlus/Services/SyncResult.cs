namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// The PaymentIntent status WooshPay reported and what settling it did to the order.
/// </summary>
public sealed record SyncResult(string IntentStatus, SettlementOutcome Outcome);
