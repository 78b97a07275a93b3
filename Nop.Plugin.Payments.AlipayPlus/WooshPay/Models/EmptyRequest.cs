#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>"{}" for POSTs without parameters, so every POST carries a JSON body as the API pages declare.</summary>
internal sealed class EmptyRequest
{
    public static readonly EmptyRequest Instance = new();
}
