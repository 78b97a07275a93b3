using Microsoft.Extensions.DependencyInjection;
using Moq;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using WooshPay.Sandbox;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Admin;

/// <summary>
/// "Register webhook" against the sandbox: one endpoint per store URL whatever the clicks, and its secret kept.
/// </summary>
public class WebhookRegistrarTests
{
    private RunningSandbox _sandbox;
    private ShopWorld _shop;

    [SetUp]
    public async Task SetUp()
    {
        _sandbox = await SandboxServer.StartAsync();
        _shop = ShopWorld.ConnectedTo(_sandbox);
        _shop.Settings.WebhookSecret = null;
        _shop.SettingService.Setup(s => s.SaveSettingOverridablePerStoreAsync(_shop.Settings,
            It.IsAny<System.Linq.Expressions.Expression<Func<AlipayPlusSettings, string>>>(),
            It.IsAny<bool>(), It.IsAny<int>(), It.IsAny<bool>())).Returns(Task.CompletedTask);
    }

    [TearDown]
    public async Task TearDown()
    {
        _shop.Dispose();
        await _sandbox.DisposeAsync();
    }

    [Test]
    public async Task Registering_twice_leaves_one_endpoint_with_the_handled_events_and_its_secret_stored()
    {
        var registrar = _shop.Get<IWebhookRegistrar>();

        var first = await registrar.RegisterAsync(1);
        var second = await registrar.RegisterAsync(1);

        var endpoints = await ListEndpointsAsync();
        Assert.That(first.Succeeded && second.Succeeded, Is.True, first.Message + " / " + second.Message);
        Assert.That(endpoints, Has.Count.EqualTo(1));
        Assert.That(endpoints[0].Id, Is.EqualTo(first.EndpointId).And.EqualTo(second.EndpointId));
        Assert.That(endpoints[0].Url, Is.EqualTo("https://shop.example/Plugins/AlipayPlus/Webhook/1"));
        Assert.That(endpoints[0].EnabledEvents, Is.EquivalentTo(AlipayPlusDefaults.HandledWebhookEvents));
        Assert.That(_shop.Settings.WebhookSecret, Does.StartWith("whsec_"));
        Assert.That(_shop.Settings.WebhookEndpointId, Is.EqualTo(first.EndpointId));
    }

    [Test]
    public async Task
        A_WooshPay_refusing_undocumented_events_still_gets_an_endpoint_for_the_documented_ones_and_the_owner_is_told()
    {
        _sandbox.Faults.Replace(_shop.Settings.SecretKey,
            new global::WooshPay.Sandbox.Faults.FaultSettings { RefuseUndocumentedEvents = true });
        var registrar = _shop.Get<IWebhookRegistrar>();

        var first = await registrar.RegisterAsync(1);
        var second = await registrar.RegisterAsync(1);

        var endpoints = await ListEndpointsAsync();
        Assert.That(first.Succeeded, Is.True, first.Message);
        Assert.That(endpoints, Has.Count.EqualTo(1));
        Assert.That(endpoints[0].EnabledEvents, Is.EquivalentTo(AlipayPlusDefaults.DocumentedWebhookEvents));
        Assert.That(endpoints[0].EnabledEvents, Does.Contain(WebhookEventTypes.ChargeDisputeUpdated));
        Assert.That(first.Warnings,
            Has.Some.Contains("did not accept").And.Contains(WebhookEventTypes.CheckoutSessionCompleted));
        Assert.That(_shop.Settings.WebhookSecret, Does.StartWith("whsec_"));
        Assert.That(second.Succeeded, Is.True, second.Message);
        Assert.That(second.EndpointId, Is.EqualTo(first.EndpointId),
            "the endpoint without the refused events counts as registered");
    }

    [Test]
    public async Task Uninstalling_deletes_the_stores_endpoint_at_WooshPay_and_logs_it()
    {
        var registered = await _shop.Get<IWebhookRegistrar>().RegisterAsync(1);

        var removals = await _shop.Get<IWebhookRegistrar>().UnregisterAllAsync();

        Assert.That(removals.Select(r => (r.EndpointId, r.Deleted)),
            Is.EqualTo(new[] { (registered.EndpointId, true) }), "the shared and store 1's settings name one endpoint");
        Assert.That(await ListEndpointsAsync(), Is.Empty);
        Assert.That(_shop.LogLines,
            Has.Some.StartsWith("info:").And.Contains(registered.EndpointId).And.Contains("deleted"));
    }

    [Test]
    public async Task An_endpoint_WooshPay_cannot_delete_at_uninstall_is_left_and_named_in_a_warning()
    {
        var registered = await _shop.Get<IWebhookRegistrar>().RegisterAsync(1);
        _sandbox.Faults.Replace(_shop.Settings.SecretKey, new global::WooshPay.Sandbox.Faults.FaultSettings
        {
            Fail5xxRate = 1, FailPhase = global::WooshPay.Sandbox.Faults.FaultPhases.Before, OnlyMethod = "DELETE"
        });

        var removals = await _shop.Get<IWebhookRegistrar>().UnregisterAllAsync();

        Assert.That(removals.Single().Deleted, Is.False);
        Assert.That(await ListEndpointsAsync(), Has.Count.EqualTo(1));
        Assert.That(_shop.LogLines,
            Has.Some.StartsWith("warning:").And.Contains(registered.EndpointId).And.Contains("WooshPay's dashboard"));
    }

    [Test]
    public async Task An_endpoint_whose_secret_the_shop_lost_is_replaced_not_duplicated()
    {
        var registrar = _shop.Get<IWebhookRegistrar>();
        await registrar.RegisterAsync(1);
        _shop.Settings.WebhookSecret = null;

        var again = await registrar.RegisterAsync(1);

        var endpoints = await ListEndpointsAsync();
        Assert.That(endpoints, Has.Count.EqualTo(1));
        Assert.That(endpoints[0].Id, Is.EqualTo(again.EndpointId));
        Assert.That(_shop.Settings.WebhookSecret, Does.StartWith("whsec_"));
    }

    [TestCase("http://localhost:5000/Plugins/AlipayPlus/Webhook/1", 2)]
    [TestCase("https://127.0.0.1/Plugins/AlipayPlus/Webhook/1", 1)]
    [TestCase("http://shop.example/Plugins/AlipayPlus/Webhook/1", 1)]
    [TestCase("https://shop.example/Plugins/AlipayPlus/Webhook/1", 0)]
    public void Urls_wooshpay_cannot_call_are_warned_about(string url, int warnings)
    {
        Assert.That(WebhookRegistrar.WarningsFor(url), Has.Count.EqualTo(warnings));
    }

    [Test]
    public async Task Registering_a_second_store_on_the_same_account_warns_that_events_reach_both()
    {
        var registrar = _shop.Get<IWebhookRegistrar>();

        var first = await registrar.RegisterAsync(1);
        var second = await registrar.RegisterAsync(2);

        Assert.That(first.Warnings, Has.None.Contains("another store"));
        Assert.That(second.Succeeded, Is.True, second.Message);
        Assert.That(second.Warnings, Has.Some.Contains("another store").And.Contains("/Plugins/AlipayPlus/Webhook/1"));
    }

    private async Task<List<WebhookEndpoint>> ListEndpointsAsync()
    {
        var client = _shop.Get<IWooshPayClient>();
        var list = await client.ListWebhookEndpointsAsync(_shop.Settings.ToWooshPayAccount(),
            new ListOptions { Limit = 100 });
        return list.Data;
    }

    [Test]
    public async Task A_refusal_from_WooshPay_is_a_failed_registration_that_changes_no_setting()
    {
        var client = SettlementKit.NewClient();
        client.Setup(c => c.ListWebhookEndpointsAsync(It.IsAny<WooshPayAccount>(), It.IsAny<ListOptions>(),
            It.IsAny<CancellationToken>()))
            .ThrowsAsync(new WooshPayException(WooshPayException.AuthenticationFailedMessage) { HttpStatus = 401 });
        using var shop = new ShopWorld(s => s.AddSingleton(client.Object));

        var registration = await shop.Get<IWebhookRegistrar>().RegisterAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(registration.Succeeded, Is.False);
            Assert.That(registration.Message, Does.StartWith("WooshPay refused the webhook registration:"));
            Assert.That(shop.Settings.WebhookSecret, Is.EqualTo("whsec_shopworld"), "the stored secret is kept");
        });
    }
}
