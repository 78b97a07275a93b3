using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Components.Admin;
using Nop.Plugin.Payments.AlipayPlus.Components.Public;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Services.Cms;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Orders;
using Nop.Services.Payments;
using Nop.Services.Plugins;
using Nop.Services.ScheduleTasks;
using Nop.Web.Framework.Infrastructure;

namespace Nop.Plugin.Payments.AlipayPlus;

/// <summary>
/// Alipay+ through WooshPay as a nopCommerce payment method. Thin by design: each job lives in a service.
/// </summary>
public class AlipayPlusPaymentMethod : BasePlugin, IPaymentMethod, IWidgetPlugin
{
    private readonly ICheckoutPaymentService _checkoutPaymentService;
    private readonly IHttpContextAccessor _httpContextAccessor;
    private readonly ILanguageService _languageService;
    private readonly ILocalizationService _localizationService;
    private readonly IOrderTotalCalculationService _orderTotalCalculationService;
    private readonly IPresentmentCurrencyResolver _currencyResolver;
    private readonly IRefundService _refundService;
    private readonly IReturnTokenService _returnTokens;
    private readonly IScheduleTaskService _scheduleTaskService;
    private readonly ISettingService _settingService;
    private readonly IStoreContext _storeContext;
    private readonly IWebHelper _webHelper;
    private readonly WidgetSettings _widgetSettings;
    private readonly INotificationService _notificationService;
    private readonly IWebhookRegistrar _webhookRegistrar;

    public AlipayPlusPaymentMethod(ICheckoutPaymentService checkoutPaymentService,
        IHttpContextAccessor httpContextAccessor,
        ILanguageService languageService,
        ILocalizationService localizationService,
        IOrderTotalCalculationService orderTotalCalculationService,
        IPresentmentCurrencyResolver currencyResolver,
        IRefundService refundService,
        IReturnTokenService returnTokens,
        IScheduleTaskService scheduleTaskService,
        ISettingService settingService,
        IStoreContext storeContext,
        IWebHelper webHelper,
        WidgetSettings widgetSettings,
        INotificationService notificationService,
        IWebhookRegistrar webhookRegistrar)
    {
        _checkoutPaymentService = checkoutPaymentService;
        _httpContextAccessor = httpContextAccessor;
        _languageService = languageService;
        _localizationService = localizationService;
        _orderTotalCalculationService = orderTotalCalculationService;
        _currencyResolver = currencyResolver;
        _refundService = refundService;
        _returnTokens = returnTokens;
        _scheduleTaskService = scheduleTaskService;
        _settingService = settingService;
        _storeContext = storeContext;
        _webHelper = webHelper;
        _widgetSettings = widgetSettings;
        _notificationService = notificationService;
        _webhookRegistrar = webhookRegistrar;
    }

    public Task<ProcessPaymentResult> ProcessPaymentAsync(ProcessPaymentRequest processPaymentRequest)
    {
        // The money is taken on WooshPay's page after the order is placed; until then the order is pending.
        return Task.FromResult(new ProcessPaymentResult { NewPaymentStatus = PaymentStatus.Pending });
    }

    public async Task PostProcessPaymentAsync(PostProcessPaymentRequest postProcessPaymentRequest)
    {
        var order = postProcessPaymentRequest.Order;
        var returnUrl = await GetReturnUrlAsync(order);
        // nopCommerce hands no token here; the request's own ends the gateway calls when the shopper goes away.
        var result = await _checkoutPaymentService.StartAsync(order, returnUrl,
            _httpContextAccessor.HttpContext?.RequestAborted ?? CancellationToken.None);

        // On a gateway error the order stays pending with a note, and the return page explains and offers the retry.
        _httpContextAccessor.HttpContext?.Response.Redirect(result.RedirectUrl ?? returnUrl);
    }

    public async Task<bool> HidePaymentMethodAsync(IList<ShoppingCartItem> cart)
    {
        var settings = await LoadCurrentStoreSettingsAsync();
        // Hidden too when no wallet of the currency takes the cart's
        // total: WooshPay would refuse the order once placed.
        return !settings.IsConfigured() || !(await _currencyResolver.GetCartOfferAsync(cart, settings)).CanPay;
    }

    public async Task<decimal> GetAdditionalHandlingFeeAsync(IList<ShoppingCartItem> cart)
    {
        var settings = await LoadCurrentStoreSettingsAsync();
        return await _orderTotalCalculationService.CalculatePaymentAdditionalFeeAsync(cart, settings.AdditionalFee,
            settings.AdditionalFeePercentage);
    }

    public async Task<CapturePaymentResult> CaptureAsync(CapturePaymentRequest capturePaymentRequest)
    {
        var result = new CapturePaymentResult();
        result.AddError(await GetResourceAsync("Capture.NotSupported"));
        return result;
    }

    public Task<RefundPaymentResult> RefundAsync(RefundPaymentRequest refundPaymentRequest)
    {
        return _refundService.RefundAsync(refundPaymentRequest.Order, refundPaymentRequest.AmountToRefund,
            refundPaymentRequest.IsPartialRefund);
    }

    public async Task<VoidPaymentResult> VoidAsync(VoidPaymentRequest voidPaymentRequest)
    {
        var result = new VoidPaymentResult();
        result.AddError(await GetResourceAsync("Void.NotSupported"));
        return result;
    }

    public async Task<ProcessPaymentResult> ProcessRecurringPaymentAsync(ProcessPaymentRequest processPaymentRequest)
    {
        var result = new ProcessPaymentResult();
        result.AddError(await GetResourceAsync("Recurring.NotSupported"));
        return result;
    }

    public async Task<CancelRecurringPaymentResult> CancelRecurringPaymentAsync(
        CancelRecurringPaymentRequest cancelPaymentRequest)
    {
        var result = new CancelRecurringPaymentResult();
        result.AddError(await GetResourceAsync("Recurring.NotSupported"));
        return result;
    }

    public Task<bool> CanRePostProcessPaymentAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);

        // The retry reuses a payable attempt or replaces a dead one; it only makes sense while unpaid.
        return Task.FromResult(order.PaymentStatus == PaymentStatus.Pending
            && order.OrderStatus != OrderStatus.Cancelled && !order.Deleted);
    }

    public Task<IList<string>> ValidatePaymentFormAsync(IFormCollection form)
    {
        return Task.FromResult<IList<string>>(new List<string>());
    }

    public Task<ProcessPaymentRequest> GetPaymentInfoAsync(IFormCollection form)
    {
        return Task.FromResult(new ProcessPaymentRequest());
    }

    public Type GetPublicViewComponent()
    {
        return typeof(PaymentInfoViewComponent);
    }

    public Task<string> GetPaymentMethodDescriptionAsync()
    {
        return GetResourceAsync("PaymentMethodDescription");
    }

    public override string GetConfigurationPageUrl()
    {
        return _webHelper.GetStoreLocation() + AlipayPlusDefaults.Route.ConfigurationPath;
    }

    public override async Task InstallAsync()
    {
        await _settingService.SaveSettingAsync(new AlipayPlusSettings());
        await new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync();

        // The payment panel on the admin order page is a widget; nopCommerce shows only active ones.
        if (!_widgetSettings.ActiveWidgetSystemNames.Contains(AlipayPlusDefaults.SystemName))
        {
            _widgetSettings.ActiveWidgetSystemNames.Add(AlipayPlusDefaults.SystemName);
            await _settingService.SaveSettingAsync(_widgetSettings);
        }

        // Lost webhooks and closed browsers are caught up by this task.
        if (await _scheduleTaskService.GetTaskByTypeAsync(AlipayPlusDefaults.ReconciliationTask.Type) is null)
        {
            await _scheduleTaskService.InsertTaskAsync(new ScheduleTask
            {
                Name = AlipayPlusDefaults.ReconciliationTask.Name,
                Type = AlipayPlusDefaults.ReconciliationTask.Type,
                Seconds = AlipayPlusDefaults.ReconciliationTask.DefaultIntervalSeconds,
                Enabled = true,
                LastEnabledUtc = DateTime.UtcNow,
                StopOnError = false
            });
        }

        await base.InstallAsync();
    }

    public override async Task UpdateAsync(string currentVersion, string targetVersion)
    {
        // nopCommerce calls this once at the first start after a new version of the plugin was uploaded: the new
        // version's texts replace the old ones, so added texts appear, changed ones change and dropped ones go.
        await new LocaleResourceInstaller(_languageService, _localizationService).ReplaceAsync();

        await base.UpdateAsync(currentVersion, targetVersion);
    }

    /// <summary>
    /// Runs in the admin's request when "Uninstall" is clicked; the uninstall itself runs at the restart, where no page
    /// can show anything. So what it will do, and where to look if WooshPay cannot be reached then, is said here, and
    /// UninstallAsync writes the outcome for each endpoint to nopCommerce's log (a warning when one is left).
    /// </summary>
    public override async Task PreparePluginToUninstallAsync()
    {
        _notificationService.WarningNotification(await GetResourceAsync("Configuration.UninstallNotice"));
        await base.PreparePluginToUninstallAsync();
    }

    /// <summary>
    /// Keeps the plugin's tables (the migrations' Down does nothing; see Data/SchemaMigration): they are the payment
    /// history a reinstall needs to refund those orders.
    /// </summary>
    public override async Task UninstallAsync()
    {
        // Before the settings go, as they hold the key and the endpoint ids. An endpoint left registered would deliver
        // every event, for days of retries each, to a route that refuses them all once the secret is deleted below.
        using (var deadline = new CancellationTokenSource(AlipayPlusDefaults.UninstallGatewayDeadline))
            await _webhookRegistrar.UnregisterAllAsync(deadline.Token);

        await _settingService.DeleteSettingAsync<AlipayPlusSettings>();
        await new LocaleResourceInstaller(_languageService, _localizationService).UninstallAsync();

        if (_widgetSettings.ActiveWidgetSystemNames.Remove(AlipayPlusDefaults.SystemName))
            await _settingService.SaveSettingAsync(_widgetSettings);

        if (await _scheduleTaskService.GetTaskByTypeAsync(AlipayPlusDefaults.ReconciliationTask.Type) is { } task)
            await _scheduleTaskService.DeleteTaskAsync(task);

        await base.UninstallAsync();
    }

    public Task<IList<string>> GetWidgetZonesAsync()
    {
        return Task.FromResult<IList<string>>(new List<string> { AdminWidgetZones.OrderDetailsBlock });
    }

    public Type GetWidgetViewComponent(string widgetZone)
    {
        return typeof(OrderPaymentPanelViewComponent);
    }

    public bool HideInWidgetList => true;

    public bool SupportCapture => false;

    public bool SupportPartiallyRefund => true;

    public bool SupportRefund => true;

    public bool SupportVoid => false;

    public RecurringPaymentType RecurringPaymentType => RecurringPaymentType.NotSupported;

    public PaymentMethodType PaymentMethodType => PaymentMethodType.Redirection;

    public bool SkipPaymentInfo => false;

    /// <summary>
    /// The return page of the order, with the token that lets another browser (the phone's, after the wallet app)
    /// see its payment state.
    /// </summary>
    private async Task<string> GetReturnUrlAsync(Order order)
    {
        var url = $"{_webHelper.GetStoreLocation()}{AlipayPlusDefaults.Route.ReturnPath}{order.OrderGuid}";
        var token = await _returnTokens.IssueAsync(order);
        return token is null ? url : $"{url}?token={Uri.EscapeDataString(token)}";
    }

    private async Task<AlipayPlusSettings> LoadCurrentStoreSettingsAsync()
    {
        var store = await _storeContext.GetCurrentStoreAsync();
        return await _settingService.LoadSettingAsync<AlipayPlusSettings>(store.Id);
    }

    private Task<string> GetResourceAsync(string key)
    {
        return _localizationService.GetResourceAsync(AlipayPlusDefaults.LocaleResourcePrefix + key);
    }
}
