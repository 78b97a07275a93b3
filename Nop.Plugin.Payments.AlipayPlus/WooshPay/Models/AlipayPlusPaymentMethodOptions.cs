#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

public sealed class AlipayPlusPaymentMethodOptions
{
    /// <summary>WEB (documented), WAP or APP; see <see cref="AlipayPlusValues"/>.</summary>
    public string? TerminalType { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
