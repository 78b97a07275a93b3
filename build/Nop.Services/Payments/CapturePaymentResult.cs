using Nop.Core.Domain.Payments;

namespace Nop.Services.Payments;

public partial class CapturePaymentResult : BaseNopResult
{
    public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
}
