using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Localization;
using Nop.Core.Events;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Services.Localization;
using Nop.Services.Plugins;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Localization;

/// <summary>
/// The texts as a store's languages get them: at install, when a language is added later, and gone at uninstall.
/// </summary>
public class StoreLanguagesTests
{
    private const string P = AlipayPlusDefaults.LocaleResourcePrefix;
    private const string Description = P + "PaymentMethodDescription";
    private const string Retry = P + "Return.Retry";
    private const string SecretKey = P + "Fields.SecretKey";

    private List<Language> _languages;
    private Mock<ILanguageService> _languageService;
    private InMemoryLocalization _localization;
    private Mock<IPluginService> _pluginService;

    [SetUp]
    public void SetUp()
    {
        _languages =
        [
            new() { Id = 1, Name = "English", LanguageCulture = "en-US" },
            new() { Id = 2, Name = "繁體中文", LanguageCulture = "zh-Hant-HK" },
            new() { Id = 3, Name = "Bahasa Indonesia", LanguageCulture = "id-ID" },
            new() { Id = 4, Name = "Deutsch", LanguageCulture = "de-DE" }
        ];
        _languageService = new Mock<ILanguageService>();
        _languageService.Setup(l => l.GetAllLanguagesAsync(true, 0)).ReturnsAsync(() => _languages.ToList());
        _localization = new InMemoryLocalization();
        _pluginService = new Mock<IPluginService>();
    }

    private LocaleResourceInstaller Installer => new(_languageService.Object, _localization);

    private static string Text(string culture, string key) => LocaleResources.Pack(culture).Values[key];

    [Test]
    public async Task Each_store_language_gets_the_shopper_texts_of_its_culture_and_the_staff_texts_in_english()
    {
        await Installer.InstallAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_localization.Text(1, Description), Is.EqualTo(Text("en-US", Description)));
            Assert.That(_localization.Text(2, Description), Is.EqualTo(Text("zh-HK", Description)));
            Assert.That(_localization.Text(2, Retry), Is.EqualTo("重新付款"));
            Assert.That(_localization.Text(2, LocaleResources.FriendlyNameKey),
                Is.EqualTo(Text("zh-HK", LocaleResources.FriendlyNameKey)));
            Assert.That(_localization.Text(3, Description), Is.EqualTo(Text("id-ID", Description)));
            Assert.That(_localization.Text(3, Retry), Is.EqualTo("Bayar ulang"));
            Assert.That(_localization.Text(4, Description), Is.EqualTo(Text("en-US", Description)),
                "German has no file: English");
            Assert.That(_languages.Select(language => _localization.Text(language.Id, SecretKey)),
                Has.All.EqualTo("Secret key"), "staff texts stay English");
        });
        foreach (var language in _languages)
            Assert.That(_localization.Names(language.Id),
                Is.EquivalentTo(LocaleResources.English.Keys.Select(key => key.ToLowerInvariant())),
                language.LanguageCulture);
    }

    [Test]
    public async Task Installing_again_replaces_the_texts_without_doubling_them()
    {
        _localization.Put(2, Description.ToLowerInvariant(), "an older text");

        await Installer.InstallAsync();
        await Installer.InstallAsync();

        Assert.That(_localization.Text(2, Description), Is.EqualTo(Text("zh-HK", Description)));
        Assert.That(_localization.Rows, Has.Count.EqualTo(_languages.Count * LocaleResources.English.Count));
    }

    [Test]
    public async Task An_update_of_the_plugin_brings_new_and_changed_texts_and_drops_old_ones()
    {
        // As version 1.1.0 left a store with a Hong Kong language: Simplified texts in it, and a text since dropped.
        await Installer.InstallAsync();
        _localization.Put(2, Description.ToLowerInvariant(), "使用 Alipay+ 钱包付款");
        _localization.Put(1, (P + "Return.SomethingOld").ToLowerInvariant(), "An old text");
        _localization.Put(1, "Admin.Common.Save", "Save");
        var method = new AlipayPlusPaymentMethod(
            Mock.Of<Nop.Plugin.Payments.AlipayPlus.Checkout.ICheckoutPaymentService>(),
            Mock.Of<Microsoft.AspNetCore.Http.IHttpContextAccessor>(), _languageService.Object, _localization,
            Mock.Of<Nop.Services.Orders.IOrderTotalCalculationService>(),
            Mock.Of<Nop.Plugin.Payments.AlipayPlus.Checkout.IPresentmentCurrencyResolver>(),
            Mock.Of<Nop.Plugin.Payments.AlipayPlus.Refunds.IRefundService>(),
            Mock.Of<Nop.Plugin.Payments.AlipayPlus.Checkout.IReturnTokenService>(),
            Mock.Of<Nop.Services.ScheduleTasks.IScheduleTaskService>(),
            Mock.Of<Nop.Services.Configuration.ISettingService>(), Mock.Of<Nop.Core.IStoreContext>(),
            Mock.Of<Nop.Core.IWebHelper>(),
            new Nop.Core.Domain.Cms.WidgetSettings(), Mock.Of<Nop.Services.Messages.INotificationService>(),
            Mock.Of<Nop.Plugin.Payments.AlipayPlus.Admin.IWebhookRegistrar>());

        await method.UpdateAsync("1.1.0", "1.2.0");

        Assert.That(_localization.Text(2, Description), Is.EqualTo(Text("zh-HK", Description)));
        Assert.That(_localization.Text(1, P + "Return.SomethingOld"), Is.Null);
        Assert.That(_localization.Text(1, "Admin.Common.Save"), Is.EqualTo("Save"));
        Assert.That(_localization.Rows, Has.Count.EqualTo(_languages.Count * LocaleResources.English.Count + 1));
    }

    [Test]
    public async Task A_language_added_after_the_install_gets_its_texts()
    {
        _pluginService.Setup(p => p.GetPluginDescriptorBySystemNameAsync<IPlugin>(AlipayPlusDefaults.SystemName,
            LoadPluginsMode.InstalledOnly, null, 0, null))
            .ReturnsAsync(new PluginDescriptor());
        await Installer.InstallAsync();
        var taiwan = new Language { Id = 7, Name = "中文(台灣)", LanguageCulture = "zh-TW" };
        // nopCommerce's cached language list may not hold the new language yet when consumers run.
        var consumer = new LanguageInsertedConsumer(_languageService.Object, _localization, _pluginService.Object);

        await consumer.HandleEventAsync(new EntityInsertedEvent<Language>(taiwan));

        Assert.That(_localization.Text(7, Description), Is.EqualTo(Text("zh-HK", Description)));
        Assert.That(_localization.Text(7, SecretKey), Is.EqualTo("Secret key"));
        Assert.That(_localization.Names(7), Has.Exactly(LocaleResources.English.Count).Items);
        Assert.That(_localization.Text(2, Description), Is.EqualTo(Text("zh-HK", Description)),
            "the other languages are left as they were");
    }

    [Test]
    public async Task A_language_added_while_the_plugin_is_not_installed_gets_nothing()
    {
        var consumer = new LanguageInsertedConsumer(_languageService.Object, _localization, _pluginService.Object);

        await consumer.HandleEventAsync(
            new EntityInsertedEvent<Language>(new Language { Id = 8, LanguageCulture = "th-TH" }));

        Assert.That(_localization.Rows, Is.Empty);
        _pluginService.Verify(p => p.GetPluginDescriptorBySystemNameAsync<IPlugin>(AlipayPlusDefaults.SystemName,
            LoadPluginsMode.InstalledOnly, null, 0, null), Times.Once);
    }

    [Test]
    public async Task Uninstall_removes_every_text_from_every_language_and_nothing_else()
    {
        await Installer.InstallAsync();
        // The name as the shop owner may have edited it in nopCommerce's plugin editor (stored as typed), and
        // texts that are not the plugin's.
        _localization.Put(1, LocaleResources.FriendlyNameKey, "Alipay+");
        _localization.Put(1, "Admin.Common.Save", "Save");
        _localization.Put(1, "Plugins.FriendlyName.Payments.AlipayPlusHK", "Someone else's plugin");
        _localization.Put(2, "Plugins.Payments.PayPalCommerce.Fields.ClientId", "Client ID");

        await Installer.UninstallAsync();

        Assert.That(_localization.Rows.Keys.Select(key => key.Name), Is.EquivalentTo(new[]
        {
            "Admin.Common.Save", "Plugins.FriendlyName.Payments.AlipayPlusHK",
            "Plugins.Payments.PayPalCommerce.Fields.ClientId"
        }));
    }
}
