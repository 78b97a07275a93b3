using Nop.Web.Framework.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Models.Public;

public record PaymentInfoModel : BaseNopModel
{
    public string CurrencyCode { get; set; }

    /// <summary>The cart's total as it would be charged, when nopCommerce can total the cart yet.</summary>
    public string Amount { get; set; }

    public IList<string> Wallets { get; set; } = new List<string>();
}
