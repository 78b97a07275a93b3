namespace Nop.Plugin.Payments.AlipayPlus.Refunds;

public enum RefundOutcome
{
    Unchanged,
    Succeeded,
    Failed,
    DashboardRefundApplied,
    UnknownPayment,
    NotApplied
}
