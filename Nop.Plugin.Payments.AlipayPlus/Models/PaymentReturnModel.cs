using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Models;

public record PaymentReturnModel : BaseNopModel
{
    public int OrderId { get; set; }

    public string CustomOrderNumber { get; set; }

    public PaymentReturnState State { get; set; }

    public int RefreshSeconds { get; set; }
}
