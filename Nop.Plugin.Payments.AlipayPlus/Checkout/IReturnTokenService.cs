using Nop.Core.Domain.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

/// <summary>
/// Tokens in the return URL that let a browser without the shopper's cookie see one order's payment state.
/// </summary>
public interface IReturnTokenService
{
    /// <summary>
    /// A token for <paramref name="order"/>, signed with its store's secret (created on first use); null when the
    /// secret could not be had now, and the return page then serves the shopper's own browser only.
    /// </summary>
    Task<string> IssueAsync(Order order);

    /// <summary>
    /// The token if it is genuine, unexpired and was issued by <paramref name="storeId"/>; null for anything else.
    /// Never creates a secret.
    /// </summary>
    Task<ReturnToken> ReadAsync(string token, int storeId);
}
