namespace Nop.Plugin.Payments.AlipayPlus.Admin;

/// <summary>
/// Asks WooshPay whether a store's key works, and in which mode.
/// </summary>
public interface IConnectionChecker
{
    Task<ConnectionCheckResult> CheckAsync(AlipayPlusSettings settings, CancellationToken cancellationToken = default);
}
