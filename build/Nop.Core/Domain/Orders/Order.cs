using Nop.Core.Domain.Payments;

namespace Nop.Core.Domain.Orders;

public partial class Order : BaseEntity
{
    public Guid OrderGuid { get; set; }

    public int StoreId { get; set; }

    public int CustomerId { get; set; }

    public int OrderStatusId { get; set; }

    public int PaymentStatusId { get; set; }

    public string PaymentMethodSystemName { get; set; }

    public string CustomerCurrencyCode { get; set; }

    public int CustomerLanguageId { get; set; }

    public decimal CurrencyRate { get; set; }

    public decimal OrderSubtotalInclTax { get; set; }

    public decimal OrderShippingInclTax { get; set; }

    public decimal PaymentMethodAdditionalFeeInclTax { get; set; }

    public decimal OrderTax { get; set; }

    public decimal OrderDiscount { get; set; }

    public decimal OrderTotal { get; set; }

    public decimal RefundedAmount { get; set; }

    public string AuthorizationTransactionId { get; set; }

    public string CaptureTransactionId { get; set; }

    public string CaptureTransactionResult { get; set; }

    public DateTime? PaidDateUtc { get; set; }

    public bool Deleted { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public string CustomOrderNumber { get; set; }

    public OrderStatus OrderStatus
    {
        get => (OrderStatus)OrderStatusId;
        set => OrderStatusId = (int)value;
    }

    public PaymentStatus PaymentStatus
    {
        get => (PaymentStatus)PaymentStatusId;
        set => PaymentStatusId = (int)value;
    }
}
