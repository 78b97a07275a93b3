using Microsoft.AspNetCore.Http;
using Moq;
using NUnit.Framework;
using Nop.Core;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Orders;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Plugin;

public class InstallTests
{
    private Mock<ISettingService> _settings;
    private InMemoryLocalization _localization;
    private Mock<IScheduleTaskService> _tasks;
    private Mock<ILanguageService> _languages;
    private AlipayPlusPaymentMethod _method;
    private Nop.Core.Domain.Cms.WidgetSettings _widgetSettings;
    private Mock<Nop.Services.Messages.INotificationService> _notifications;
    private Mock<IWebhookRegistrar> _registrar;

    [SetUp]
    public void SetUp()
    {
        _settings = new Mock<ISettingService>();
        _localization = new InMemoryLocalization();
        _tasks = new Mock<IScheduleTaskService>();
        _widgetSettings = new Nop.Core.Domain.Cms.WidgetSettings();
        _notifications = new Mock<Nop.Services.Messages.INotificationService>();
        _registrar = new Mock<IWebhookRegistrar>();
        _registrar.Setup(r => r.UnregisterAllAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(Array.Empty<WebhookRemoval>());
        var webHelper = new Mock<IWebHelper>();
        webHelper.Setup(w => w.GetStoreLocation(It.IsAny<bool?>())).Returns("https://shop.example/");
        _languages = new Mock<ILanguageService>();
        _languages.Setup(l => l.GetAllLanguagesAsync(true, 0))
            .ReturnsAsync(new List<Nop.Core.Domain.Localization.Language>
        {
            new() { Id = 1, LanguageCulture = "en-US" },
            new() { Id = 2, LanguageCulture = "zh-CN" }
        });
        _method = new AlipayPlusPaymentMethod(Mock.Of<ICheckoutPaymentService>(), Mock.Of<IHttpContextAccessor>(),
            _languages.Object, _localization,
            Mock.Of<IOrderTotalCalculationService>(), Mock.Of<IPresentmentCurrencyResolver>(),
            Mock.Of<IRefundService>(), Mock.Of<IReturnTokenService>(),
            _tasks.Object, _settings.Object, Mock.Of<IStoreContext>(), webHelper.Object, _widgetSettings,
            _notifications.Object, _registrar.Object);
    }

    [Test]
    public async Task Install_saves_default_settings_and_every_text_in_every_language()
    {
        await _method.InstallAsync();

        _settings.Verify(s => s.SaveSettingAsync(It.Is<AlipayPlusSettings>(x =>
            x.UseTestEnvironment && x.TerminalType == "WEB" && x.WebhookToleranceSeconds == 300
            && string.IsNullOrEmpty(x.SecretKey)), 0), Times.Once);
        foreach (var languageId in new[] { 1, 2 })
        {
            Assert.That(_localization.Names(languageId),
                Is.EquivalentTo(LocaleResources.English.Keys.Select(key => key.ToLowerInvariant())));
            Assert.That(_localization.Names(languageId).Select(name => _localization.Text(languageId, name)),
                Has.None.Empty);
        }
        var description = AlipayPlusDefaults.LocaleResourcePrefix + "PaymentMethodDescription";
        Assert.That(_localization.Text(1, description), Is.EqualTo(LocaleResources.English[description]));
        Assert.That(_localization.Text(2, description), Is.EqualTo(LocaleResources.Pack("zh-CN").Values[description]),
            "a zh-CN language gets the shopper texts in Chinese");
        Assert.That(_widgetSettings.ActiveWidgetSystemNames, Is.EqualTo(new[] { AlipayPlusDefaults.SystemName }),
            "the admin payment panel is a widget");
        _settings.Verify(s => s.SaveSettingAsync(_widgetSettings, 0), Times.Once);
        _tasks.Verify(t => t.InsertTaskAsync(It.Is<ScheduleTask>(task =>
            task.Type == AlipayPlusDefaults.ReconciliationTask.Type && task.Enabled && task.Seconds > 0)), Times.Once);
        Assert.That(Type.GetType(AlipayPlusDefaults.ReconciliationTask.Type),
            Is.EqualTo(typeof(Nop.Plugin.Payments.AlipayPlus.Services.ReconciliationTask)),
            "nopCommerce instantiates the task from this type name");
    }

    [Test]
    public async Task Uninstall_removes_settings_and_resources()
    {
        await _method.InstallAsync();

        await _method.UninstallAsync();

        Assert.That(_widgetSettings.ActiveWidgetSystemNames, Is.Empty);
        _tasks.Verify(t => t.DeleteTaskAsync(It.IsAny<ScheduleTask>()), Times.Never, "the task service found no task");
        _settings.Verify(s => s.DeleteSettingAsync<AlipayPlusSettings>(), Times.Once);
        Assert.That(_localization.Rows, Is.Empty);
    }

    [Test]
    public async Task Uninstall_deletes_the_webhook_endpoints_at_WooshPay_before_the_settings_holding_their_key()
    {
        var steps = new List<string>();
        _registrar.Setup(r => r.UnregisterAllAsync(It.IsAny<CancellationToken>()))
            .Callback(() => steps.Add("endpoints")).ReturnsAsync(Array.Empty<WebhookRemoval>());
        _settings.Setup(s => s.DeleteSettingAsync<AlipayPlusSettings>()).Callback(() => steps.Add("settings"))
            .Returns(Task.CompletedTask);

        await _method.UninstallAsync();

        Assert.That(steps, Is.EqualTo(new[] { "endpoints", "settings" }));
    }

    [Test]
    public async Task
        Clicking_uninstall_tells_the_owner_the_history_stays_and_where_a_webhook_left_at_WooshPay_is_named()
    {
        var notice = AlipayPlusDefaults.LocaleResourcePrefix + "Configuration.UninstallNotice";
        _localization.Put(_localization.WorkingLanguageId, notice.ToLowerInvariant(), LocaleResources.English[notice]);

        await _method.PreparePluginToUninstallAsync();

        _notifications.Verify(n => n.WarningNotification(
            It.Is<string>(m => m.Contains("keeps its payment and refund history") && m.Contains("System → Log")),
            It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
    }

    [Test]
    public async Task Uninstall_removes_the_reconciliation_task()
    {
        var task = new ScheduleTask { Type = AlipayPlusDefaults.ReconciliationTask.Type };
        _tasks.Setup(t => t.GetTaskByTypeAsync(AlipayPlusDefaults.ReconciliationTask.Type)).ReturnsAsync(task);

        await _method.UninstallAsync();

        _tasks.Verify(t => t.DeleteTaskAsync(task), Times.Once);
    }

    [Test]
    public void Method_declares_what_it_supports()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_method.PaymentMethodType, Is.EqualTo(Nop.Services.Payments.PaymentMethodType.Redirection));
            Assert.That(_method.SupportRefund, Is.True);
            Assert.That(_method.SupportPartiallyRefund, Is.True);
            Assert.That(_method.SupportCapture, Is.False);
            Assert.That(_method.SupportVoid, Is.False);
            Assert.That(_method.RecurringPaymentType,
                Is.EqualTo(Nop.Services.Payments.RecurringPaymentType.NotSupported));
            Assert.That(_method.GetConfigurationPageUrl(),
                Is.EqualTo("https://shop.example/Admin/AlipayPlus/Configure"));
        });
    }

    [Test]
    public async Task Unsupported_operations_answer_with_an_error_not_an_exception()
    {
        Assert.That((await _method.CaptureAsync(new())).Success, Is.False);
        Assert.That((await _method.VoidAsync(new())).Success, Is.False);
        Assert.That((await _method.ProcessRecurringPaymentAsync(new())).Success, Is.False);
        Assert.That((await _method.CancelRecurringPaymentAsync(new())).Success, Is.False);
    }

    [Test]
    public void Every_resource_the_code_asks_for_is_installed()
    {
        // Each Order.Note / Refund / Return key used in code must exist, or an admin sees a raw key.
        var source = Directory.GetFiles(RepositoryPaths.PluginProject, "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RepositoryPaths.PluginProject, "*.cshtml", SearchOption.AllDirectories))
            .Select(File.ReadAllText);
        var used = source.SelectMany(text => System.Text.RegularExpressions.Regex
                .Matches(text,
                    "\"((?:Order\\.Note|Refund|Return|PaymentInfo|Capture|Void|Recurring|Fields|Configuration)" +
                    "\\.[A-Za-z.]+)\"")
                .Select(m => m.Groups[1].Value)
                .Concat(System.Text.RegularExpressions.Regex
                    .Matches(text, "\"(Plugins\\.Payments\\.AlipayPlus\\.[A-Za-z][A-Za-z.]*[A-Za-z])\"")
                    .Select(m => m.Groups[1].Value)))
            .Select(key => key.StartsWith("Plugins.") ? key : AlipayPlusDefaults.LocaleResourcePrefix + key)
            .Distinct()
            .ToList();

        Assert.That(used, Is.Not.Empty);
        Assert.That(used.Where(key => !LocaleResources.English.ContainsKey(key)), Is.Empty);
    }
}
