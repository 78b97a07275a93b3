namespace Nop.Plugin.Payments.AlipayPlus.Reconciliation;

/// <summary>
/// What a reconciliation of one order looked at and changed.
/// </summary>
public sealed record OrderReconciliation(int AttemptsChecked, int RefundsChecked, IReadOnlyList<string> Changes);
