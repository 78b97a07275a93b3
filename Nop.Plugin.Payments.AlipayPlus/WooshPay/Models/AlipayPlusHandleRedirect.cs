#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>
/// The Alipay+ cashier addresses. These come from Alipay+ itself, hence camelCase on an
/// otherwise snake_case API.
/// </summary>
public sealed class AlipayPlusHandleRedirect
{
    /// <summary>The hosted cashier page for a browser (terminal type WEB).</summary>
    [JsonPropertyName("normalUrl")]
    public string? NormalUrl { get; set; }

    /// <summary>Universal/app link into a wallet app (terminal types WAP and APP).</summary>
    [JsonPropertyName("applinkUrl")]
    public string? ApplinkUrl { get; set; }

    /// <summary>Custom-scheme link into a wallet app (terminal type APP).</summary>
    [JsonPropertyName("schemeUrl")]
    public string? SchemeUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
