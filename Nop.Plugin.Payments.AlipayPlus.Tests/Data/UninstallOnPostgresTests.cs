using NUnit.Framework;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using WooshPay.Sandbox;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Data;

/// <summary>
/// Uninstall and reinstall as nopCommerce 4.90.3 runs them, on PostgreSQL with the real FluentMigrator: the plugin's
/// UninstallAsync and then every migration's Down (PluginService.UninstallPluginsAsync), the migrations' Up again and
/// then InstallAsync (PluginService.InstallPluginsAsync).
/// </summary>
public class UninstallOnPostgresTests
{
    private RunningSandbox _sandbox;
    private Farm _farm;
    private SandboxDriver _driver;

    [SetUp]
    public async Task SetUp()
    {
        _sandbox = await SandboxServer.StartAsync();
        _farm = await Farm.StartAsync(new FarmOptions { Nodes = 1, Sandbox = _sandbox });
        _driver = new SandboxDriver(_sandbox, _farm.Settings.SecretKey);
    }

    [TearDown]
    public async Task TearDown()
    {
        _driver?.Dispose();
        if (_farm is not null)
            await _farm.DisposeAsync();
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [Test]
    public async Task
        After_uninstall_and_reinstall_an_order_paid_before_is_refunded_and_no_webhook_endpoint_was_left_at_WooshPay()
    {
        var node = _farm[0];
        var registration = await node.Get<IWebhookRegistrar>().RegisterAsync(1);
        Assert.That(registration.Succeeded, Is.True, registration.Message);
        var order = await _farm.PlaceOrderAsync(totalInPrimary: 100m, customerCurrency: "HKD", rate: 7.8m);
        var start = await node.Get<ICheckoutPaymentService>().StartAsync(order, "https://shop.example/return");
        Assert.That(start.RedirectUrl, Is.Not.Null, start.Error);
        var intentId = (await _farm.Repository<AlipayPlusPayment>()
            .GetAllAsync(q => q.Where(p => p.OrderId == order.Id))).Single().PaymentIntentId;
        await _driver.AdminPostAsync($"_sandbox/payment_intents/{intentId}/pay");
        await node.Get<IOrderReconciler>().ReconcileAsync(order.Id, "test");
        Assert.That((await _farm.ReadOrderAsync(order.Id)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));

        await node.Get<AlipayPlusPaymentMethod>().UninstallAsync();
        using (var nop = NopPluginMigrations.ForPostgres(_farm.Database.ConnectionString))
            nop.Uninstall();

        Assert.That((await _driver.ApiGetAsync("v1/webhook_endpoints?limit=100"))["data"]!.AsArray(), Is.Empty,
            "this store's endpoint was deleted at WooshPay");
        Assert.That(node.LogLines, Has.Some.StartsWith("info:").And.Contains(registration.EndpointId));

        using (var nop = NopPluginMigrations.ForPostgres(_farm.Database.ConnectionString))
            nop.Install();
        await node.Get<AlipayPlusPaymentMethod>().InstallAsync();

        // The owner registers the webhook again, minutes later: a new endpoint, not the deleted one replayed.
        node.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await node.Get<IWebhookRegistrar>().RegisterAsync(1);
        Assert.That(again.Succeeded, Is.True, again.Message);
        Assert.That(again.EndpointId, Is.Not.EqualTo(registration.EndpointId));
        Assert.That((await _driver.ApiGetAsync("v1/webhook_endpoints?limit=100"))["data"]!.AsArray()
            .Select(e => (string)e!["id"]!),
            Is.EqualTo(new[] { again.EndpointId }), "the new endpoint exists at WooshPay");

        var refund = await node.Get<IRefundService>()
            .RefundAsync(await _farm.ReadOrderAsync(order.Id), 10m, isPartialRefund: true);

        Assert.That(refund.Success, Is.True, string.Join("; ", refund.Errors));
        Assert.That(refund.NewPaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
        var atWooshPay = (await _driver.ApiGetAsync($"v1/refunds?payment_intent={intentId}"))["data"]!.AsArray();
        Assert.That(atWooshPay.Select(r => (long)r!["amount"]!), Is.EqualTo(new[] { 7800L }));
    }
}
