namespace Nop.Services.Orders;

public partial class AppliedGiftCard
{
    public decimal AmountCanBeUsed { get; set; }
}
