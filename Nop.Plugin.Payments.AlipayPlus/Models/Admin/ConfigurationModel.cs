using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Payments.AlipayPlus.Models.Admin;

public record ConfigurationModel : BaseNopModel
{
    private const string F = AlipayPlusDefaults.LocaleResourcePrefix + "Fields.";

    public int ActiveStoreScopeConfiguration { get; set; }

    /// <summary>
    /// A new key typed by the admin; empty keeps the stored one, which is never sent back to the browser.
    /// </summary>
    [NopResourceDisplayName(F + "SecretKey")]
    public string SecretKey { get; set; }
    public bool SecretKey_OverrideForStore { get; set; }

    public string SecretKeyMasked { get; set; }

    [NopResourceDisplayName(F + "UseTestEnvironment")]
    public bool UseTestEnvironment { get; set; }
    public bool UseTestEnvironment_OverrideForStore { get; set; }

    [NopResourceDisplayName(F + "ApiBaseUrl")]
    public string ApiBaseUrl { get; set; }
    public bool ApiBaseUrl_OverrideForStore { get; set; }

    [NopResourceDisplayName(F + "Flow")]
    public int FlowId { get; set; }
    public bool FlowId_OverrideForStore { get; set; }
    public IList<SelectListItem> AvailableFlows { get; set; } = new List<SelectListItem>();

    [NopResourceDisplayName(F + "TerminalType")]
    public string TerminalType { get; set; }
    public bool TerminalType_OverrideForStore { get; set; }
    public IList<SelectListItem> AvailableTerminalTypes { get; set; } = new List<SelectListItem>();

    [NopResourceDisplayName(F + "AllowedCurrencies")]
    public IList<string> AllowedCurrencies { get; set; } = new List<string>();
    public bool AllowedCurrencies_OverrideForStore { get; set; }
    public IList<SelectListItem> AvailableCurrencies { get; set; } = new List<SelectListItem>();

    [NopResourceDisplayName(F + "AdditionalFee")]
    public decimal AdditionalFee { get; set; }
    public bool AdditionalFee_OverrideForStore { get; set; }

    [NopResourceDisplayName(F + "AdditionalFeePercentage")]
    public bool AdditionalFeePercentage { get; set; }
    public bool AdditionalFeePercentage_OverrideForStore { get; set; }

    [NopResourceDisplayName(F + "CancelUnpaidOrderOnFailure")]
    public bool CancelUnpaidOrderOnFailure { get; set; }
    public bool CancelUnpaidOrderOnFailure_OverrideForStore { get; set; }

    [NopResourceDisplayName(F + "CancelUnpaidOrdersAfterMinutes")]
    public int CancelUnpaidOrdersAfterMinutes { get; set; }
    public bool CancelUnpaidOrdersAfterMinutes_OverrideForStore { get; set; }

    [NopResourceDisplayName(F + "WebhookToleranceSeconds")]
    public int WebhookToleranceSeconds { get; set; }
    public bool WebhookToleranceSeconds_OverrideForStore { get; set; }

    [NopResourceDisplayName(F + "LogGatewayTraffic")]
    public bool LogGatewayTraffic { get; set; }
    public bool LogGatewayTraffic_OverrideForStore { get; set; }

    [NopResourceDisplayName(F + "WebhookUrl")]
    public string WebhookUrl { get; set; }

    [NopResourceDisplayName(F + "WebhookEndpointId")]
    public string WebhookEndpointId { get; set; }
}
