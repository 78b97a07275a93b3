using Nop.Core.Domain.Orders;

namespace Nop.Services.Orders;

public partial interface IOrderTotalCalculationService
{
    Task<decimal> CalculatePaymentAdditionalFeeAsync(IList<ShoppingCartItem> cart, decimal fee, bool usePercentage);
}
