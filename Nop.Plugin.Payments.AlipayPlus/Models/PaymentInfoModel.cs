using Nop.Web.Framework.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Models;

public record PaymentInfoModel : BaseNopModel
{
    public string CurrencyCode { get; set; }

    public IList<string> Wallets { get; set; } = new List<string>();
}
