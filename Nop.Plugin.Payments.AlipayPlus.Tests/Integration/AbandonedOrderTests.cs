using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Components.Admin;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Models.Admin;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Orders;
using WooshPay.Sandbox;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Integration;

/// <summary>
/// Shoppers who leave the wallet page unpaid: the reconciliation task closes their attempts at the sandbox once the
/// cashier has expired, stops asking about them, and cancels the order after the shop's "left unpaid" minutes. The
/// shop's clock is moved by hand; WooshPay's is the sandbox's own.
/// </summary>
[TestFixture]
public class AbandonedOrderTests
{
    private RunningSandbox _sandbox;
    private ShopWorld _world;
    private SandboxDriver _driver;
    private FakeTimeProvider _clock;

    [OneTimeSetUp]
    public async Task StartSandboxAsync() => _sandbox = await SandboxServer.StartAsync(new SandboxOptions());

    [OneTimeTearDown]
    public async Task StopSandboxAsync()
    {
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [SetUp]
    public void OpenShop()
    {
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _world = ShopWorld.ConnectedTo(_sandbox, services => services.AddSingleton<TimeProvider>(_clock));
        _driver = new SandboxDriver(_sandbox, _world.Settings.SecretKey);
    }

    [TearDown]
    public void CloseShop()
    {
        _driver?.Dispose();
        _world?.Dispose();
    }

    private async Task<(Order Order, AlipayPlusPayment Attempt)> PlaceAndLeaveAsync(PaymentFlow flow)
    {
        _world.Settings.Flow = flow;
        var order = _world.PlaceOrder();
        var start = await _world.Get<ICheckoutPaymentService>()
            .StartAsync(order, $"https://shop.example/Plugins/AlipayPlus/Return/{order.OrderGuid}");
        Assert.That(start.Succeeded, Is.True, start.Error);
        return (order, _world.Payments.Rows.Single(p => p.OrderId == order.Id));
    }

    private Task<ReconciliationReport> ReconcileAfterAsync(TimeSpan elapsed)
    {
        _clock.Advance(elapsed);
        return _world.Get<ReconciliationService>().RunAsync();
    }

    private int CancelCalls(Order order) => _world.OrderProcessing.Invocations
        .Count(i => i.Method.Name == nameof(IOrderProcessingService.CancelOrderAsync)
            && ((Order)i.Arguments[0]).Id == order.Id);

    [TestCase(PaymentFlow.PaymentIntent, PaymentIntentStatus.Canceled)]
    [TestCase(PaymentFlow.CheckoutSession, PaymentRecordStatus.Expired)]
    public async Task
        An_attempt_left_unpaid_is_closed_at_WooshPay_after_the_cashier_expired_and_is_no_longer_asked_about(
            PaymentFlow flow, string closedAs)
    {
        var (order, attempt) = await PlaceAndLeaveAsync(flow);

        var early = await ReconcileAfterAsync(TimeSpan.FromMinutes(15));
        Assert.That(early.AttemptsClosed, Is.Zero, "the cashier may still be open");
        Assert.That(attempt.Status, Is.Not.EqualTo(closedAs));

        var late = await ReconcileAfterAsync(TimeSpan.FromMinutes(16));

        Assert.That(late.AttemptsClosed, Is.EqualTo(1));
        Assert.That(_world.Payments.Rows.Single(p => p.Id == attempt.Id).Status, Is.EqualTo(closedAs));
        var atWooshPay = await _driver.ApiGetAsync($"v1/payment_intents/{attempt.PaymentIntentId}");
        Assert.That(atWooshPay["status"]!.GetValue<string>(), Is.EqualTo(PaymentIntentStatus.Canceled));
        if (flow == PaymentFlow.CheckoutSession)
        {
            var session = await _driver.ApiGetAsync($"v1/checkout/sessions/{attempt.CheckoutSessionId}");
            Assert.That(session["status"]!.GetValue<string>(), Is.EqualTo("expired"));
        }
        Assert.That(_world.NotesOf(order).Count(n => n.Note.Contains("was closed at WooshPay")), Is.EqualTo(1));
        Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Pending), "31 minutes are not the shop's 60");

        var next = await ReconcileAfterAsync(TimeSpan.FromMinutes(10));
        Assert.That(next.AttemptsChecked, Is.Zero, "a closed attempt is not asked about again");
    }

    [Test]
    public async Task An_order_left_unpaid_for_the_shops_minutes_is_cancelled_once_and_noted()
    {
        _world.Settings.CancelUnpaidOrdersAfterMinutes = 45;
        var (order, _) = await PlaceAndLeaveAsync(PaymentFlow.PaymentIntent);

        await ReconcileAfterAsync(TimeSpan.FromMinutes(31));
        Assert.That(CancelCalls(order), Is.Zero, "not before the shop's minutes");
        var report = await ReconcileAfterAsync(TimeSpan.FromMinutes(15));
        await ReconcileAfterAsync(TimeSpan.FromMinutes(10));

        Assert.That(report.OrdersCanceled, Is.EqualTo(1));
        Assert.That(CancelCalls(order), Is.EqualTo(1));
        Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Cancelled));
        Assert.That(_world.NotesOf(order)
            .Count(n => n.Note.Contains("as left unpaid") && n.Note.Contains("45 minutes")), Is.EqualTo(1));
    }

    [Test]
    public async Task With_the_setting_at_zero_an_unpaid_order_is_never_cancelled()
    {
        _world.Settings.CancelUnpaidOrdersAfterMinutes = 0;
        var (order, attempt) = await PlaceAndLeaveAsync(PaymentFlow.PaymentIntent);

        await ReconcileAfterAsync(TimeSpan.FromMinutes(31));
        await ReconcileAfterAsync(TimeSpan.FromDays(2));

        Assert.That(_world.Payments.Rows.Single(p => p.Id == attempt.Id).Status,
            Is.EqualTo(PaymentIntentStatus.Canceled), "the attempt is still closed");
        Assert.That(CancelCalls(order), Is.Zero);
        Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Pending));
    }

    [Test]
    public async Task A_payment_that_got_in_before_the_close_is_settled_as_paid_and_the_order_is_never_cancelled()
    {
        var (order, attempt) = await PlaceAndLeaveAsync(PaymentFlow.PaymentIntent);
        // Paid at WooshPay; its webhook was lost, so the shop still has the attempt as requires_action.
        await _driver.AdminPostAsync($"_sandbox/payment_intents/{attempt.PaymentIntentId}/pay");

        await ReconcileAfterAsync(TimeSpan.FromMinutes(31));
        await ReconcileAfterAsync(TimeSpan.FromMinutes(60));

        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        Assert.That(_world.MarkedPaidCount(order), Is.EqualTo(1));
        Assert.That(CancelCalls(order), Is.Zero);
        Assert.That(_world.Payments.Rows.Single(p => p.Id == attempt.Id).Status,
            Is.EqualTo(PaymentIntentStatus.Succeeded));
    }

    [Test]
    public async Task A_payment_for_an_order_already_cancelled_as_unpaid_is_flagged_and_refundable_in_one_click()
    {
        var (order, attempt) = await PlaceAndLeaveAsync(PaymentFlow.PaymentIntent);
        await ReconcileAfterAsync(TimeSpan.FromMinutes(31));
        await ReconcileAfterAsync(TimeSpan.FromMinutes(60));
        Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Cancelled));

        // A wallet that took the money anyway (the sandbox cannot pay a cancelled intent; WooshPay might): its success
        // reaches the shop.
        var stored = _world.Payments.Rows.Single(p => p.Id == attempt.Id);
        var outcome = await _world.Get<PaymentSettlement>()
            .ApplyAsync(stored, SettlementKit.IntentFor(stored, PaymentIntentStatus.Succeeded, order), "webhook");

        Assert.That(outcome, Is.EqualTo(SettlementOutcome.PaidButOrderClosed));
        Assert.That(_world.MarkedPaidCount(order), Is.Zero);
        Assert.That(_world.NotesOf(order).Select(n => n.Note), Has.Some.Contains("cannot be marked paid"));

        var panel = await PanelRowAsync(order);
        Assert.That(panel.ExtraPayment && panel.PaidAfterOrderClosed && panel.CanRefundExtra, Is.True,
            "flagged with its refund button");
    }

    private async Task<OrderPaymentPanelModel.AttemptRow> PanelRowAsync(Order order)
    {
        var component = new OrderPaymentPanelViewComponent(
            _world.Get<Nop.Plugin.Payments.AlipayPlus.Data.ClaimStore>(), _world.Get<IOrderService>(),
            _world.Get<IPaymentRecordStore>(), _world.Get<RefundRecordStore>(), _world.Get<Nop.Core.IWorkContext>());
        var result = await component.InvokeAsync("admin", new { order.Id })
            as Microsoft.AspNetCore.Mvc.ViewComponents.ViewViewComponentResult;
        Assert.That(result, Is.Not.Null);
        return ((OrderPaymentPanelModel)result!.ViewData!.Model!).Attempts.Single();
    }
}
