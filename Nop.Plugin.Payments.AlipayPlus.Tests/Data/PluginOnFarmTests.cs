using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Data;

/// <summary>
/// The plugin's own services on the farm: wired completely on every node, and their queries run by PostgreSQL.
/// </summary>
public class PluginOnFarmTests
{
    private Farm _farm;

    [SetUp]
    public async Task SetUp() => _farm = await Farm.StartAsync();

    [TearDown]
    public async Task TearDown()
    {
        if (_farm is not null)
            await _farm.DisposeAsync();
    }

    [Test]
    public void Every_service_the_plugin_registers_resolves_on_every_node()
    {
        // Nothing the plugin needs is missing from a node, whatever services it adds later.
        var registered = new ServiceCollection().AddAlipayPlusServices()
            // The plugin's own services; the HTTP client's and resilience's plumbing is keyed and Microsoft's.
            .Where(descriptor => !descriptor.IsKeyedService
                && descriptor.ServiceType.Namespace!.StartsWith("Nop.Plugin.Payments.AlipayPlus"))
            .Select(descriptor => descriptor.ServiceType)
            .Distinct()
            .ToList();

        foreach (var node in _farm.Nodes)
        {
            using var scope = node.Provider.CreateScope();
            foreach (var service in registered)
                Assert.That(scope.ServiceProvider.GetService(service), Is.Not.Null, $"{service.Name} on {node.Name}");
        }
    }

    [Test]
    public async Task A_succeeded_intent_applied_on_both_nodes_in_turn_marks_the_order_paid_once()
    {
        var order = await _farm.PlaceOrderAsync();
        var payment = new AlipayPlusPayment
        {
            StoreId = order.StoreId, OrderId = order.Id, OrderGuid = order.OrderGuid, Attempt = 1,
            Flow = PaymentFlow.PaymentIntent,
            PaymentIntentId = "pi_farm_1", RedirectUrl = "https://cashier.example/pi_farm_1", Currency = "HKD",
            AmountMinor = SettlementKit.DefaultChargeMinor, Status = PaymentIntentStatus.RequiresAction,
            CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        };
        await _farm.Repository<AlipayPlusPayment>().InsertAsync(payment);

        foreach (var node in _farm.Nodes)
        {
            var copy = await _farm.Repository<AlipayPlusPayment>().GetByIdAsync(payment.Id);
            await node.Get<PaymentSettlement>()
                .ApplyAsync(copy, SettlementKit.IntentFor(copy, PaymentIntentStatus.Succeeded, order), "test");
        }

        Assert.That(await _farm.EffectsAsync(order.Id, ShopOrderEffect.MarkOrderAsPaid), Is.EqualTo(1));
        Assert.That((await _farm.Repository<AlipayPlusPayment>().GetByIdAsync(payment.Id)).Status,
            Is.EqualTo(PaymentIntentStatus.Succeeded));
        Assert.That(await _farm.NotesAsync(order.Id),
            Has.Some.Matches<Nop.Core.Domain.Orders.OrderNote>(n => n.Note.Contains("succeeded")));
    }
}
