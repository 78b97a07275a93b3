namespace Nop.Plugin.Payments.AlipayPlus.Services;

public enum RefundOutcome
{
    Unchanged,
    Succeeded,
    Failed,
    DashboardRefundApplied,
    UnknownPayment,
    NotApplied
}
