using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Models;

public record PaymentReturnModel : BaseNopModel
{
    public int OrderId { get; set; }

    public string CustomOrderNumber { get; set; }

    public PaymentReturnState State { get; set; }

    /// <summary>Only a page still waiting for WooshPay reloads itself; the others offer the retry or the order.</summary>
    public int RefreshSeconds => State == PaymentReturnState.Waiting ? 3 : 0;
}
