using Nop.Core.Domain.Payments;

namespace Nop.Services.Payments;

public partial class ProcessPaymentResult : BaseNopResult
{
    public string AuthorizationTransactionId { get; set; }

    public string CaptureTransactionId { get; set; }

    public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
}
