using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// What an order is charged at WooshPay: the presentment currency and the amount in its minor units.
/// </summary>
public sealed record OrderCharge(PresentmentCurrency Currency, long AmountMinor);
