using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using WooshPay.Sandbox;
using WooshPay.Sandbox.Faults;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Integration;

/// <summary>
/// WooshPay answers a create with something the shopper cannot be sent to, after the object exists (the sandbox's
/// create_answer faults), and gateway calls slower than a shopper should wait (its latency): the plugin's real services
/// and client against the sandbox over HTTP. Faults are per secret key, so each test's are its own.
/// </summary>
[TestFixture]
public class UnexpectedAnswerTests
{
    private RunningSandbox _sandbox;
    private ShopWorld _world;
    private SandboxDriver _driver;

    [OneTimeSetUp]
    public async Task StartSandboxAsync() => _sandbox = await SandboxServer.StartAsync(new SandboxOptions());

    [OneTimeTearDown]
    public async Task StopSandboxAsync()
    {
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [TearDown]
    public void CloseShop()
    {
        _driver?.Dispose();
        _world?.Dispose();
    }

    private void OpenShop(PaymentFlow flow, TimeSpan? deadline = null)
    {
        _world = ShopWorld.ConnectedTo(_sandbox, services =>
        {
            if (deadline is { } value)
                services.AddSingleton(new CheckoutPaymentOptions { Deadline = value });
        });
        _world.Settings.Flow = flow;
        _driver = new SandboxDriver(_sandbox, _world.Settings.SecretKey);
    }

    private void Faults(FaultSettings settings) => _sandbox.Faults.Replace(_world.Settings.SecretKey, settings);

    private Task<PaymentStartResult> StartAsync(Order order, CancellationToken cancellationToken = default) =>
        _world.Get<ICheckoutPaymentService>()
            .StartAsync(order, $"https://shop.example/Plugins/AlipayPlus/Return/{order.OrderGuid}", cancellationToken);

    private List<AlipayPlusPayment> PaymentsOf(Order order) =>
        _world.Payments.Rows.Where(p => p.OrderId == order.Id).OrderBy(p => p.Attempt).ToList();

    [TestCase(PaymentFlow.PaymentIntent, CreateAnswers.NoRedirectUrl)]
    [TestCase(PaymentFlow.PaymentIntent, CreateAnswers.UnexpectedObject)]
    [TestCase(PaymentFlow.CheckoutSession, CreateAnswers.NoRedirectUrl)]
    [TestCase(PaymentFlow.CheckoutSession, CreateAnswers.UnexpectedObject)]
    public async Task
        An_answer_the_shopper_cannot_be_sent_to_is_recorded_closed_at_WooshPay_and_the_retry_opens_a_new_attempt(
            PaymentFlow flow, string answer)
    {
        OpenShop(flow);
        Faults(new FaultSettings { CreateAnswer = answer });
        var order = _world.PlaceOrder();

        var start = await StartAsync(order);

        Assert.That(start.Succeeded, Is.False, "the shopper is not sent anywhere");
        Assert.That(start.SendToReturnPage, Is.True);
        var first = PaymentsOf(order).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(first.PaymentIntentId, Does.StartWith("pi_"), "the intent that came back is recorded");
            Assert.That(first.CheckoutSessionId, flow == PaymentFlow.CheckoutSession ? Does.StartWith("cs_") : Is.Null);
            Assert.That(AttemptLifecycle.IsClosed(first.Status), Is.True, $"closed, not left creating: {first.Status}");
            var intent = await _driver.ApiGetAsync($"v1/payment_intents/{first.PaymentIntentId}");
            Assert.That(intent["status"]!.GetValue<string>(), Is.EqualTo(PaymentIntentStatus.Canceled),
                "nothing payable is left at WooshPay");
            Assert.That(await _world.Get<IPaymentReturnService>().GetStateAsync(order),
                Is.EqualTo(PaymentReturnState.GatewayError),
                "the shopper reads the gateway error with the retry");
            Assert.That(_world.NotesOf(order).Select(n => n.Note), Has.Some.Contains("could not be started"));
        });

        // WooshPay answers normally again: the retry is a new attempt
        // under its own key, not a replay of the first answer.
        Faults(new FaultSettings());
        var retry = await StartAsync(order);

        Assert.That(retry.Succeeded, Is.True, retry.Error);
        Assert.That(retry.RedirectUrl, Does.StartWith(_sandbox.BaseAddress.ToString()));
        var attempts = PaymentsOf(order);
        Assert.That(attempts.Select(a => a.Attempt), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(attempts[1].PaymentIntentId, Is.Not.EqualTo(first.PaymentIntentId));
        Assert.That(await _driver.IntentsOfAsync(order.OrderGuid), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task The_retry_path_ends_at_one_deadline_however_many_gateway_calls_it_has_left()
    {
        // Each call takes 700 ms, far within the client's own timeouts; the retry below needs three of them (look,
        // close, create), 2.1 s in all, against a deadline of 1.5 s for the whole path.
        OpenShop(PaymentFlow.PaymentIntent, deadline: TimeSpan.FromSeconds(1.5));
        var order = _world.PlaceOrder();
        Assert.That((await StartAsync(order)).Succeeded, Is.True);
        var first = PaymentsOf(order).Single();
        await _driver.AdminPostAsync($"_sandbox/payment_intents/{first.PaymentIntentId}/fail");
        Faults(new FaultSettings { LatencyMs = 700 });

        var stopwatch = Stopwatch.StartNew();
        var retry = await StartAsync(order);
        stopwatch.Stop();

        Assert.That(retry.Succeeded, Is.False, "the deadline ended it");
        Assert.That(retry.Error, Does.Contain("did not answer within"));
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2.05)),
            "not one call more than the deadline allows");
        Assert.That(PaymentsOf(order).Last().Status,
            Is.AnyOf(PaymentRecordStatus.Creating, PaymentIntentStatus.Canceled, PaymentRecordStatus.Closing));

        // The next try finishes what the deadline cut short.
        Faults(new FaultSettings());
        var again = await StartAsync(order);
        Assert.That(again.Succeeded, Is.True, again.Error);
        Assert.That(again.RedirectUrl, Is.Not.Null);
        Assert.That(await _driver.IntentsOfAsync(order.OrderGuid), Has.Count.EqualTo(2),
            "one new intent, whatever the deadline cut");
    }

    [Test]
    public async Task A_shopper_who_goes_away_ends_the_gateway_calls_at_once()
    {
        OpenShop(PaymentFlow.PaymentIntent);
        Faults(new FaultSettings { LatencyMs = 5000 });
        var order = _world.PlaceOrder();
        using var request = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var stopwatch = Stopwatch.StartNew();
        Assert.That(async () => await StartAsync(order, request.Token),
            Throws.InstanceOf<OperationCanceledException>());

        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That(PaymentsOf(order).Single().Status, Is.EqualTo(PaymentRecordStatus.Creating),
            "kept to be resumed under the same key");
    }
}
