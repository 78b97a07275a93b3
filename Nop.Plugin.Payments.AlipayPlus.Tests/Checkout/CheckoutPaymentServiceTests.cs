using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Checkout;

[TestFixture]
public class CheckoutPaymentServiceTests
{
    private Mock<IWooshPayClient> _client;
    private FakeTimeProvider _clock;
    private ShopWorld _world;
    private Order _order;
    private string _returnUrl;

    // WooshPay's side: every intent it created, in its current state, and what each create was asked.
    private readonly ConcurrentDictionary<string, PaymentIntent> _intents = new();
    private readonly List<(PaymentIntentCreateRequest Request, string Key)> _creates = new();
    private readonly List<(string IntentId, string Reason, string Key)> _cancels = new();

    [SetUp]
    public void SetUp()
    {
        _intents.Clear();
        _creates.Clear();
        _cancels.Clear();
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _client = SettlementKit.NewClient();
        _world = new ShopWorld(s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton(_client.Object);
        });

        // 12.345 USD at 7.8 is HKD 96.291: the wallet must be asked for 9629 cents, not 96 or 962910.
        _order = _world.PlaceOrder(totalInPrimary: 12.345m, customerCurrency: "HKD", rate: 7.8m);
        _returnUrl = $"https://shop.example/Plugins/AlipayPlus/Return/{_order.OrderGuid}";

        _client.Setup(c => c.CreatePaymentIntentAsync(It.IsAny<WooshPayAccount>(),
            It.IsAny<PaymentIntentCreateRequest>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((WooshPayAccount _, PaymentIntentCreateRequest request, string key, CancellationToken _) =>
            {
                _creates.Add((request, key));
                var id = $"pi_{_creates.Count}";
                return _intents[id] = new PaymentIntent
                {
                    Id = id,
                    Amount = request.Amount,
                    Currency = request.Currency!.ToLowerInvariant(),
                    Status = PaymentIntentStatus.RequiresAction,
                    Metadata = request.Metadata,
                    NextAction = new NextAction
                    {
                        AlipayPlusHandleRedirect = new() { NormalUrl = $"https://cashier.example/pay/{_creates.Count}" }
                    }
                };
            });
        _client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), It.IsAny<string>(),
            It.IsAny<CancellationToken>()))
            .ReturnsAsync((WooshPayAccount _, string id, CancellationToken _) => _intents[id]);
        _client.Setup(c => c.CancelPaymentIntentAsync(It.IsAny<WooshPayAccount>(), It.IsAny<string>(),
            It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((WooshPayAccount _, string id, string reason, string key, CancellationToken _) =>
            {
                _cancels.Add((id, reason, key));
                _intents[id].Status = PaymentIntentStatus.Canceled;
                _intents[id].CancellationReason = reason;
                return _intents[id];
            });
    }

    [TearDown]
    public void TearDown() => _world.Dispose();

    private Task<PaymentStartResult> StartAsync() => _world.Get<ICheckoutPaymentService>()
        .StartAsync(_order, _returnUrl);

    private string[] Notes() => _world.NotesOf(_order).Select(note => note.Note).ToArray();

    private static void Fail(PaymentIntent intent)
    {
        intent.Status = PaymentIntentStatus.RequiresPaymentMethod;
        intent.NextAction = null;
        intent.LastPaymentError = new LastPaymentError { Code = "payment_declined",
            Message = "The wallet declined the payment." };
    }

    private static void Succeed(PaymentIntent intent)
    {
        intent.Status = PaymentIntentStatus.Succeeded;
        intent.AmountReceived = intent.Amount;
        intent.NextAction = null;
    }

    [Test]
    public async Task
        The_first_call_creates_a_confirmed_alipayplus_intent_for_the_order_total_in_the_shoppers_currency()
    {
        _world.Settings.TerminalType = "WAP";

        var result = await StartAsync();

        Assert.That(_creates, Has.Count.EqualTo(1));
        var (request, key) = _creates[0];
        Assert.Multiple(() =>
        {
            Assert.That(request.Confirm, Is.True);
            Assert.That(request.PaymentMethodData?.Type, Is.EqualTo("alipayplus"));
            Assert.That(request.PaymentMethodOptions?.AlipayPlus?.TerminalType, Is.EqualTo("WAP"));
            Assert.That(request.ReturnUrl, Is.EqualTo(_returnUrl));
            Assert.That(request.Metadata?["order_guid"], Is.EqualTo(_order.OrderGuid.ToString()));
            Assert.That(request.Currency, Is.EqualTo("HKD"));
            Assert.That(request.Amount, Is.EqualTo(9629));
            Assert.That(key, Is.EqualTo($"alipayplus-{_order.OrderGuid:N}-attempt-1"));

            Assert.That(result.Succeeded, Is.True, result.Error);
            Assert.That(result.RedirectUrl, Is.EqualTo("https://cashier.example/pay/1"));
            Assert.That(result.SendToReturnPage, Is.False);
        });

        var attempt = _world.Payments.Rows.Single();
        Assert.Multiple(() =>
        {
            Assert.That(attempt.Attempt, Is.EqualTo(1));
            Assert.That(attempt.OrderId, Is.EqualTo(_order.Id));
            Assert.That(attempt.PaymentIntentId, Is.EqualTo("pi_1"));
            Assert.That(attempt.RedirectUrl, Is.EqualTo("https://cashier.example/pay/1"));
            Assert.That(attempt.Currency, Is.EqualTo("HKD"));
            Assert.That(attempt.AmountMinor, Is.EqualTo(9629));
            Assert.That(attempt.Status, Is.EqualTo(PaymentIntentStatus.RequiresAction));
            // The order row is not rewritten from the request's copy: the note names the attempt.
            _world.OrderService.Verify(service => service.UpdateOrderAsync(It.IsAny<Order>()), Times.Never);
            Assert.That(Notes(), Has.Length.EqualTo(1));
            Assert.That(Notes()[0], Does.Contain("pi_1").And.Contain("96.29 HKD").And.Contain("attempt 1"));
        });
    }

    [Test]
    public async Task The_terminal_type_defaults_to_WEB()
    {
        _world.Settings.TerminalType = " ";

        await StartAsync();

        Assert.That(_creates.Single().Request.PaymentMethodOptions?.AlipayPlus?.TerminalType, Is.EqualTo("WEB"));
    }

    [Test]
    public async Task A_second_call_while_the_cashier_is_payable_sends_the_shopper_back_to_it()
    {
        await StartAsync();
        _clock.Advance(TimeSpan.FromMinutes(7));

        var again = await StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(again.RedirectUrl, Is.EqualTo("https://cashier.example/pay/1"));
            Assert.That(_creates, Has.Count.EqualTo(1));
            Assert.That(_cancels, Is.Empty);
            Assert.That(_world.Payments.Rows, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task After_a_failed_attempt_it_is_closed_and_attempt_2_gets_a_new_key()
    {
        await StartAsync();
        Fail(_intents["pi_1"]);

        var retry = await StartAsync();

        Assert.Multiple(() =>
        {
            // WooshPay lets a declined intent be confirmed again: left open, the old page could be paid as well as the
            // new one.
            Assert.That(_cancels.Select(c => c.Key),
                Is.EqualTo(new[] { $"alipayplus-{_order.OrderGuid:N}-attempt-1-close" }));
            Assert.That(_creates.Select(c => c.Key), Is.EqualTo(new[]
            {
                $"alipayplus-{_order.OrderGuid:N}-attempt-1",
                $"alipayplus-{_order.OrderGuid:N}-attempt-2"
            }));
            Assert.That(retry.RedirectUrl, Is.EqualTo("https://cashier.example/pay/2"));
            Assert.That(_world.Payments.Rows.Select(p => (p.Attempt, p.Status)), Is.EqualTo(new[]
            {
                (1, PaymentIntentStatus.Canceled),
                (2, PaymentIntentStatus.RequiresAction)
            }));
            Assert.That(Notes().Count(note => note.Contains("failed")), Is.EqualTo(1));
            Assert.That(Notes().Count(note => note.Contains("cancelled")), Is.EqualTo(1));
            Assert.That(_order.OrderStatus, Is.Not.EqualTo(Nop.Core.Domain.Orders.OrderStatus.Cancelled));
        });
    }

    [Test]
    public async Task After_a_canceled_attempt_attempt_2_is_opened_without_asking_WooshPay_again()
    {
        await StartAsync();
        var first = _world.Payments.Rows.Single();
        first.Status = PaymentIntentStatus.Canceled;

        var retry = await StartAsync();

        Assert.That(retry.RedirectUrl, Is.EqualTo("https://cashier.example/pay/2"));
        Assert.That(_client.CallsTo(nameof(IWooshPayClient.GetPaymentIntentAsync)), Is.Zero);
        Assert.That(_creates, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_stale_cashier_is_cancelled_at_WooshPay_before_attempt_2_is_opened()
    {
        await StartAsync();
        _clock.Advance(PaymentIntentFlow.CashierReuseWindow + TimeSpan.FromSeconds(1));

        var retry = await StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_cancels,
                Is.EqualTo(new[] { ("pi_1", "abandoned", $"alipayplus-{_order.OrderGuid:N}-attempt-1-close") }));
            Assert.That(_creates.Select(c => c.Key).Last(), Is.EqualTo($"alipayplus-{_order.OrderGuid:N}-attempt-2"));
            Assert.That(retry.RedirectUrl, Is.EqualTo("https://cashier.example/pay/2"));
            Assert.That(_world.Payments.Rows.Select(p => p.Status),
                Is.EqualTo(new[] { PaymentIntentStatus.Canceled, PaymentIntentStatus.RequiresAction }));
            Assert.That(_world.MarkedPaidCount(_order), Is.Zero);
        });
    }

    [Test]
    public async Task A_cancel_that_loses_the_race_with_the_shoppers_payment_marks_the_order_paid_and_opens_nothing()
    {
        await StartAsync();
        _clock.Advance(TimeSpan.FromMinutes(9));
        // The shopper paid on the old page a moment before our cancel reached WooshPay, which refuses it.
        _client.Setup(c => c.CancelPaymentIntentAsync(It.IsAny<WooshPayAccount>(), "pi_1", It.IsAny<string>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback(() => Succeed(_intents["pi_1"]))
            .ThrowsAsync(SettlementKit.GatewayError(400,
                "You cannot cancel this PaymentIntent because it has a status of succeeded."));

        var retry = await StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(retry.Succeeded, Is.True, retry.Error);
            Assert.That(retry.SendToReturnPage, Is.True);
            Assert.That(retry.RedirectUrl, Is.Null);
            Assert.That(_order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1));
            Assert.That(_creates, Has.Count.EqualTo(1));
            Assert.That(_world.Payments.Rows, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_refused_cancel_of_a_cashier_that_is_still_open_opens_no_second_attempt()
    {
        await StartAsync();
        _clock.Advance(TimeSpan.FromMinutes(9));
        _client.Setup(c => c.CancelPaymentIntentAsync(It.IsAny<WooshPayAccount>(), "pi_1", It.IsAny<string>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.GatewayError(400, "refused"));

        var retry = await StartAsync();

        Assert.That(retry.Succeeded, Is.False);
        Assert.That(_creates, Has.Count.EqualTo(1), "two payable attempts could both be paid");
        Assert.That(_world.Payments.Rows, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_retry_finds_the_payment_that_succeeded_without_a_webhook()
    {
        await StartAsync();
        Succeed(_intents["pi_1"]);

        var retry = await StartAsync();

        Assert.That(retry.SendToReturnPage, Is.True);
        Assert.That(retry.RedirectUrl, Is.Null);
        Assert.That(_world.MarkedPaidCount(_order), Is.EqualTo(1));
        Assert.That(_creates, Has.Count.EqualTo(1));
        Assert.That(_cancels, Is.Empty);
    }

    [Test]
    public async Task A_retry_while_the_payment_is_processing_waits_on_the_return_page()
    {
        await StartAsync();
        _intents["pi_1"].Status = PaymentIntentStatus.Processing;
        _clock.Advance(TimeSpan.FromMinutes(20));

        var retry = await StartAsync();

        Assert.That(retry.SendToReturnPage, Is.True);
        Assert.That(retry.Succeeded, Is.True);
        Assert.That(_creates, Has.Count.EqualTo(1));
        Assert.That(_cancels, Is.Empty);
    }

    [Test]
    public async Task A_refused_create_marks_the_attempt_failed_and_the_next_call_uses_a_new_key()
    {
        _client.SetupSequence(c => c.CreatePaymentIntentAsync(It.IsAny<WooshPayAccount>(),
            It.IsAny<PaymentIntentCreateRequest>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.GatewayError(400, "amount too small"))
            .ReturnsAsync(new PaymentIntent
            {
                Id = "pi_2", Amount = 9629, Currency = "hkd", Status = PaymentIntentStatus.RequiresAction,
                NextAction = new NextAction
                {
                    AlipayPlusHandleRedirect = new() { NormalUrl = "https://cashier.example/pay/2" }
                }
            });

        var result = await StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Error, Does.Contain("amount too small"));
            Assert.That(result.SendToReturnPage, Is.True);
            Assert.That(_world.Payments.Rows.Single().Status, Is.EqualTo(PaymentRecordStatus.CreateFailed));
            Assert.That(Notes(), Has.Some.Contain("could not be started").And.Contain("amount too small"));
        });

        var retry = await StartAsync();

        Assert.That(retry.RedirectUrl, Is.EqualTo("https://cashier.example/pay/2"));
        Assert.That(_client.Invocations.Where(i => i.Method.Name == nameof(IWooshPayClient.CreatePaymentIntentAsync))
            .Select(i => i.Arguments[2]),
            Is.EqualTo(new[] { $"alipayplus-{_order.OrderGuid:N}-attempt-1",
                $"alipayplus-{_order.OrderGuid:N}-attempt-2" }));
    }

    [Test]
    public async Task A_transient_failure_keeps_the_attempt_creating_and_the_retry_resumes_it_with_the_same_key()
    {
        var calls = 0;
        _client.Setup(c => c.CreatePaymentIntentAsync(It.IsAny<WooshPayAccount>(),
            It.IsAny<PaymentIntentCreateRequest>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((WooshPayAccount _, PaymentIntentCreateRequest request, string key, CancellationToken _) =>
            {
                _creates.Add((request, key));
                if (++calls == 1)
                    throw SettlementKit.TransientError();
                return _intents["pi_1"] = new PaymentIntent
                {
                    Id = "pi_1", Amount = request.Amount, Currency = "hkd", Status = PaymentIntentStatus.RequiresAction,
                    Metadata = request.Metadata,
                    NextAction = new NextAction
                    {
                        AlipayPlusHandleRedirect = new() { NormalUrl = "https://cashier.example/pay/1" }
                    }
                };
            });

        var result = await StartAsync();

        Assert.That(result.Succeeded, Is.False);
        Assert.That(_world.Payments.Rows.Single().Status, Is.EqualTo(PaymentRecordStatus.Creating));

        var retry = await StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(retry.RedirectUrl, Is.EqualTo("https://cashier.example/pay/1"));
            Assert.That(_creates.Select(c => c.Key), Is.EqualTo(new[]
            {
                $"alipayplus-{_order.OrderGuid:N}-attempt-1",
                $"alipayplus-{_order.OrderGuid:N}-attempt-1"
            }));
            Assert.That(_world.Payments.Rows.Single().Status, Is.EqualTo(PaymentIntentStatus.RequiresAction));
            Assert.That(_world.Payments.Rows.Single().PaymentIntentId, Is.EqualTo("pi_1"));
        });
    }

    [Test]
    public async Task Without_a_secret_key_nothing_is_sent_and_the_order_gets_a_note()
    {
        _world.Settings.SecretKey = null;

        var result = await StartAsync();

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Does.Contain("not configured"));
        Assert.That(Notes(), Has.Some.Contain("not configured"));
        Assert.That(_client.Invocations, Is.Empty);
        Assert.That(_world.Payments.Rows, Is.Empty);
    }

    [Test]
    public async Task An_order_in_a_currency_WooshPay_cannot_charge_fails_with_a_note()
    {
        // primary USD is not supported either
        var order = _world.PlaceOrder(totalInPrimary: 10m, customerCurrency: "EUR", rate: 0.9m);

        var result = await _world.Get<ICheckoutPaymentService>().StartAsync(order, _returnUrl);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Does.Contain("EUR"));
        Assert.That(_world.NotesOf(order).Select(n => n.Note), Has.Some.Contain("could not be started"));
        Assert.That(_client.Invocations, Is.Empty);
        Assert.That(_world.Payments.Rows, Is.Empty);
    }

    [Test]
    public async Task A_zero_total_is_not_sent_to_the_wallet()
    {
        var order = _world.PlaceOrder(totalInPrimary: 0m);

        var result = await _world.Get<ICheckoutPaymentService>().StartAsync(order, _returnUrl);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(_client.Invocations, Is.Empty);
    }

    [Test]
    public async Task The_checkout_session_flow_charges_one_line_of_exactly_the_orders_amount()
    {
        _world.Settings.Flow = PaymentFlow.CheckoutSession;
        CheckoutSessionCreateRequest sent = null;
        string sentKey = null;
        _client.Setup(c => c.CreateCheckoutSessionAsync(It.IsAny<WooshPayAccount>(),
            It.IsAny<CheckoutSessionCreateRequest>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((WooshPayAccount _, CheckoutSessionCreateRequest request, string key, CancellationToken _) =>
                (sent, sentKey) = (request, key))
            .ReturnsAsync(new CheckoutSession { Id = "cs_1", Url = "https://checkout.example/cs_1",
                PaymentIntent = "pi_cs", Status = "open", AmountTotal = 9629 });

        var result = await StartAsync();

        Assert.That(sent, Is.Not.Null);
        var line = sent.LineItems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(line.Quantity, Is.EqualTo(1));
            Assert.That(line.PriceData.UnitAmount, Is.EqualTo(9629));
            Assert.That(line.PriceData.Currency, Is.EqualTo("HKD"));
            Assert.That(sent.Mode, Is.EqualTo("payment"));
            Assert.That(sent.SuccessUrl, Is.EqualTo(_returnUrl));
            Assert.That(sent.Metadata["order_guid"], Is.EqualTo(_order.OrderGuid.ToString()));
            Assert.That(sent.PaymentIntentData.Metadata["order_guid"], Is.EqualTo(_order.OrderGuid.ToString()));
            Assert.That(sentKey, Is.EqualTo($"alipayplus-{_order.OrderGuid:N}-attempt-1"));
            Assert.That(result.RedirectUrl, Is.EqualTo("https://checkout.example/cs_1"));
            Assert.That(_world.Payments.Rows.Single().CheckoutSessionId, Is.EqualTo("cs_1"));
            Assert.That(_world.Payments.Rows.Single().PaymentIntentId, Is.EqualTo("pi_cs"));
            Assert.That(_world.Payments.Rows.Single().AmountMinor, Is.EqualTo(9629));
        });
    }
}
