using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Core;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Models.Admin;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Payments.AlipayPlus.Controllers;

[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class AlipayPlusConfigurationController : BasePaymentController
{
    private readonly IConnectionChecker _connectionChecker;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly ISettingService _settingService;
    private readonly IStoreContext _storeContext;
    private readonly IWebhookRegistrar _webhookRegistrar;
    private readonly IWebhookUrlProvider _webhookUrlProvider;

    public AlipayPlusConfigurationController(IConnectionChecker connectionChecker,
        ILocalizationService localizationService,
        INotificationService notificationService,
        ISettingService settingService,
        IStoreContext storeContext,
        IWebhookRegistrar webhookRegistrar,
        IWebhookUrlProvider webhookUrlProvider)
    {
        _connectionChecker = connectionChecker;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _settingService = settingService;
        _storeContext = storeContext;
        _webhookRegistrar = webhookRegistrar;
        _webhookUrlProvider = webhookUrlProvider;
    }

    [CheckPermission(StandardPermission.Configuration.MANAGE_PAYMENT_METHODS)]
    public async Task<IActionResult> Configure()
    {
        var storeScope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(storeScope);

        var model = new ConfigurationModel
        {
            ActiveStoreScopeConfiguration = storeScope,
            SecretKeyMasked = WooshPayAccount.Mask(settings.SecretKey),
            UseTestEnvironment = settings.UseTestEnvironment,
            ApiBaseUrl = settings.ApiBaseUrl,
            FlowId = (int)settings.Flow,
            TerminalType = settings.TerminalType,
            AllowedCurrencies = string.IsNullOrWhiteSpace(settings.AllowedCurrencies)
                ? new List<string>()
                : PresentmentCurrencies.Allowed(settings.AllowedCurrencies).Select(currency => currency.Code).ToList(),
            AdditionalFee = settings.AdditionalFee,
            AdditionalFeePercentage = settings.AdditionalFeePercentage,
            CancelUnpaidOrderOnFailure = settings.CancelUnpaidOrderOnFailure,
            CancelUnpaidOrdersAfterMinutes = settings.CancelUnpaidOrdersAfterMinutes,
            WebhookToleranceSeconds = settings.WebhookToleranceSeconds,
            LogGatewayTraffic = settings.LogGatewayTraffic,
            WebhookEndpointId = settings.WebhookEndpointId,
            WebhookUrl = await _webhookUrlProvider.GetWebhookUrlAsync(storeScope)
        };

        model.AvailableFlows = Enum.GetValues<PaymentFlow>()
            .Select(flow => new SelectListItem(flow.ToString(), ((int)flow).ToString())).ToList();
        model.AvailableTerminalTypes = AlipayPlusValues.TerminalTypes
            .Select(type => new SelectListItem(type, type))
            .ToList();
        model.AvailableCurrencies = PresentmentCurrencies.All
            .Select(currency =>
                new SelectListItem($"{currency.Code} ({string.Join(", ", currency.Wallets)})", currency.Code))
            .ToList();

        if (storeScope > 0)
        {
            model.SecretKey_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.SecretKey, storeScope);
            model.UseTestEnvironment_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.UseTestEnvironment, storeScope);
            model.ApiBaseUrl_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.ApiBaseUrl, storeScope);
            model.FlowId_OverrideForStore = await _settingService.SettingExistsAsync(settings, x => x.Flow, storeScope);
            model.TerminalType_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.TerminalType, storeScope);
            model.AllowedCurrencies_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.AllowedCurrencies, storeScope);
            model.AdditionalFee_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.AdditionalFee, storeScope);
            model.AdditionalFeePercentage_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.AdditionalFeePercentage, storeScope);
            model.CancelUnpaidOrderOnFailure_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.CancelUnpaidOrderOnFailure, storeScope);
            model.CancelUnpaidOrdersAfterMinutes_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.CancelUnpaidOrdersAfterMinutes, storeScope);
            model.WebhookToleranceSeconds_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.WebhookToleranceSeconds, storeScope);
            model.LogGatewayTraffic_OverrideForStore = await _settingService.SettingExistsAsync(settings,
                x => x.LogGatewayTraffic, storeScope);
        }

        return View($"{AlipayPlusDefaults.ViewsPath}Admin/Configure.cshtml", model);
    }

    [HttpPost]
    [CheckPermission(StandardPermission.Configuration.MANAGE_PAYMENT_METHODS)]
    public async Task<IActionResult> Configure(ConfigurationModel model)
    {
        if (!ModelState.IsValid)
            return await Configure();

        var storeScope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(storeScope);

        // Pointing the stored key at another host, or at another mode, needs the key typed again: whoever changes where
        // the key goes must already know it.
        var destinationChanged = !string.Equals(settings.ApiBaseUrl?.Trim() ?? "", model.ApiBaseUrl?.Trim() ?? "",
                StringComparison.OrdinalIgnoreCase)
            || settings.UseTestEnvironment != model.UseTestEnvironment;
        if (destinationChanged && settings.IsConfigured() && string.IsNullOrWhiteSpace(model.SecretKey))
        {
            ModelState.AddModelError(nameof(model.SecretKey), await _localizationService.GetResourceAsync(
                AlipayPlusDefaults.LocaleResourcePrefix + "Fields.SecretKey.Reenter"));
            return await Configure();
        }

        // An empty key field means "keep the stored key": the form never carries the key back.
        if (!string.IsNullOrWhiteSpace(model.SecretKey))
            settings.SecretKey = model.SecretKey.Trim();
        settings.UseTestEnvironment = model.UseTestEnvironment;
        settings.ApiBaseUrl = model.ApiBaseUrl?.Trim();
        settings.Flow = (PaymentFlow)model.FlowId;
        settings.TerminalType = model.TerminalType;
        settings.AllowedCurrencies = string.Join(",", PresentmentCurrencies.All
            .Where(currency =>
                model.AllowedCurrencies?.Contains(currency.Code, StringComparer.OrdinalIgnoreCase) == true)
            .Select(currency => currency.Code));
        settings.AdditionalFee = model.AdditionalFee;
        settings.AdditionalFeePercentage = model.AdditionalFeePercentage;
        settings.CancelUnpaidOrderOnFailure = model.CancelUnpaidOrderOnFailure;
        settings.CancelUnpaidOrdersAfterMinutes = model.CancelUnpaidOrdersAfterMinutes;
        settings.WebhookToleranceSeconds = model.WebhookToleranceSeconds;
        settings.LogGatewayTraffic = model.LogGatewayTraffic;

        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.SecretKey,
            model.SecretKey_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.UseTestEnvironment,
            model.UseTestEnvironment_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.ApiBaseUrl,
            model.ApiBaseUrl_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.Flow, model.FlowId_OverrideForStore,
            storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.TerminalType,
            model.TerminalType_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.AllowedCurrencies,
            model.AllowedCurrencies_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.AdditionalFee,
            model.AdditionalFee_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.AdditionalFeePercentage,
            model.AdditionalFeePercentage_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.CancelUnpaidOrderOnFailure,
            model.CancelUnpaidOrderOnFailure_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.CancelUnpaidOrdersAfterMinutes,
            model.CancelUnpaidOrdersAfterMinutes_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.WebhookToleranceSeconds,
            model.WebhookToleranceSeconds_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, x => x.LogGatewayTraffic,
            model.LogGatewayTraffic_OverrideForStore, storeScope, false);
        await _settingService.ClearCacheAsync();

        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Admin.Plugins.Saved"));

        return await Configure();
    }

    [HttpPost]
    [CheckPermission(StandardPermission.Configuration.MANAGE_PAYMENT_METHODS)]
    public async Task<IActionResult> CheckConnection(CancellationToken cancellationToken)
    {
        var storeScope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var settings = await _settingService.LoadSettingAsync<AlipayPlusSettings>(storeScope);
        var result = await _connectionChecker.CheckAsync(settings, cancellationToken);

        if (result.Succeeded)
            _notificationService.SuccessNotification(result.Message);
        else
            _notificationService.ErrorNotification(result.Message);

        return RedirectToAction(nameof(Configure));
    }

    [HttpPost]
    [CheckPermission(StandardPermission.Configuration.MANAGE_PAYMENT_METHODS)]
    public async Task<IActionResult> RegisterWebhook(CancellationToken cancellationToken)
    {
        var storeScope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var registration = await _webhookRegistrar.RegisterAsync(storeScope, cancellationToken);
        if (registration.Succeeded)
            _notificationService.SuccessNotification(
                $"{registration.Message} Events: {string.Join(", ", registration.Events)}.");
        else
            _notificationService.ErrorNotification(registration.Message);

        foreach (var warning in registration.Warnings)
            _notificationService.WarningNotification(warning);

        return RedirectToAction(nameof(Configure));
    }
}
