using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Refunds;

/// <summary>
/// The refund bookings this request answered as accepted (one instance per request). nopCommerce counts an accepted
/// refund on the order only after the payment method has answered, so the plugin cannot mark the booking done itself:
/// the claim stays open until nopCommerce reports the order refunded (<see cref="OrderRefundedConsumer"/>). A crash in
/// between leaves the claim to its lease, and whoever takes it over (WooshPay's redelivery of the refund, or
/// reconciliation) books what the order is missing.
/// </summary>
public class AcceptedRefunds
{
    private readonly ClaimStore _claims;
    private readonly List<AlipayPlusClaim> _awaiting = [];

    public AcceptedRefunds(ClaimStore claims)
    {
        _claims = claims;
    }

    /// <summary>Leaves <paramref name="booking"/> open until nopCommerce reports its order refunded.</summary>
    public void AwaitNopCommerce(AlipayPlusClaim booking) => _awaiting.Add(booking);

    /// <summary>nopCommerce counted the refunds it was answered for on
    /// <paramref name="orderId"/>: their bookings are done. False when this request answered none.</summary>
    public async Task<bool> CountedAsync(int orderId)
    {
        var counted = _awaiting.Where(claim => claim.OrderId == orderId).ToList();
        foreach (var claim in counted)
        {
            await _claims.CompleteAsync(claim);
            _awaiting.Remove(claim);
        }

        return counted.Count > 0;
    }
}
