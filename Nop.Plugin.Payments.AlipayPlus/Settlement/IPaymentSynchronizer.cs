using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

/// <summary>
/// Asks WooshPay for an attempt's current state and settles the order from it.
/// </summary>
public interface IPaymentSynchronizer
{
    Task<SyncResult> SyncAsync(AlipayPlusPayment payment, string source, CancellationToken cancellationToken = default);
}
