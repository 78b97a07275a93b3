namespace Nop.Services.Payments;

public partial class ProcessPaymentRequest
{
    public int StoreId { get; set; }

    public int CustomerId { get; set; }

    public Guid OrderGuid { get; set; }

    public decimal OrderTotal { get; set; }

    public string PaymentMethodSystemName { get; set; }
}
