using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Refunds;

[TestFixture]
public class RefundServiceTests
{
    private Mock<IWooshPayClient> _client;
    private FakeTimeProvider _clock;
    private ShopWorld _world;
    private Order _order;
    private AlipayPlusPayment _payment;
    private readonly List<(RefundCreateRequest Request, string Key)> _sent = new();

    [SetUp]
    public void SetUp()
    {
        _sent.Clear();
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _client = SettlementKit.NewClient();
        _world = new ShopWorld(s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton(_client.Object);
        });

        // 100.00 USD placed in HKD at 7.8 and paid HKD 780.00.
        _order = _world.PlaceOrder(totalInPrimary: 100m, customerCurrency: "HKD", rate: 7.8m);
        _order.PaymentStatus = PaymentStatus.Paid;
        _payment = _world.AddPayment(_order, status: PaymentIntentStatus.Succeeded);

        _client.Setup(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((WooshPayAccount _, RefundCreateRequest request, string key, CancellationToken _) =>
            {
                _sent.Add((request, key));
                return SettlementKit.RefundOf(_payment, $"re_{_sent.Count}", request.Amount ?? 0, RefundStatus.Pending);
            });
    }

    [TearDown]
    public void TearDown() => _world.Dispose();

    private Task<Nop.Services.Payments.RefundPaymentResult> RefundAsync(decimal amount, bool partial) =>
        _world.Get<IRefundService>().RefundAsync(_order, amount, partial);

    private string Key(int number, long amountMinor) =>
        $"alipayplus-{_order.OrderGuid:N}-refund-{number}-{amountMinor}";

    private void AddRefundRecord(long amountMinor, string status, string refundId)
    {
        _world.Refunds.InsertAsync(new AlipayPlusRefund
        {
            StoreId = _order.StoreId, OrderId = _order.Id, PaymentId = _payment.Id,
            PaymentIntentId = _payment.PaymentIntentId, RefundId = refundId, IdempotencyKey = $"seed-{refundId}",
            AmountMinor = amountMinor, Currency = "HKD", Status = status,
            CreatedOnUtc = _clock.GetUtcNow().UtcDateTime.AddHours(-1),
            UpdatedOnUtc = _clock.GetUtcNow().UtcDateTime.AddHours(-1)
        }).GetAwaiter().GetResult();
    }

    [Test]
    public async Task A_full_refund_sends_the_charged_amount_in_the_charged_currency()
    {
        var result = await RefundAsync(100m, partial: false);

        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        var (request, key) = _sent.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Amount, Is.EqualTo(78000));
            Assert.That(request.PaymentIntent, Is.EqualTo("pi_1"));
            Assert.That(request.Metadata["order_guid"], Is.EqualTo(_order.OrderGuid.ToString()));
            Assert.That(key, Is.EqualTo(Key(1, 78000)));
            Assert.That(result.NewPaymentStatus, Is.EqualTo(PaymentStatus.Refunded));

            var record = _world.Refunds.Rows.Single();
            Assert.That((record.RefundId, record.Status, record.AmountMinor, record.Currency, record.IdempotencyKey),
                Is.EqualTo(("re_1", RefundStatus.Pending, 78000L, "HKD", Key(1, 78000))));
            Assert.That(_world.NotesOf(_order).Select(n => n.Note), Has.Some.Contain("re_1").And.Contain("780.00 HKD"));
        });
    }

    [Test]
    public async Task A_partial_refund_converts_the_primary_amount_with_the_orders_rate()
    {
        // 10.00 USD is HKD 78.00 at the order's rate: 7800 cents, not 1000 and not 780000.
        var result = await RefundAsync(10m, partial: true);

        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        Assert.That(_sent.Single().Request.Amount, Is.EqualTo(7800));
        Assert.That(_sent.Single().Key, Is.EqualTo(Key(1, 7800)));
        Assert.That(result.NewPaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
    }

    [Test]
    public async Task Partial_refunds_add_up_until_the_last_one_refunds_the_order()
    {
        var first = await RefundAsync(10m, partial: true);
        var second = await RefundAsync(20m, partial: true);
        var last = await RefundAsync(70m, partial: true);

        Assert.Multiple(() =>
        {
            Assert.That(_sent.Select(s => (s.Request.Amount, s.Key)), Is.EqualTo(new (long?, string)[]
            {
                (7800, Key(1, 7800)), (15600, Key(2, 15600)), (54600, Key(3, 54600))
            }));
            Assert.That(first.NewPaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(second.NewPaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(last.NewPaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(_world.Refunds.Rows, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Pending_and_succeeded_refunds_hold_the_balance_and_failed_ones_release_it()
    {
        AddRefundRecord(7800, RefundStatus.Pending, "re_a");
        AddRefundRecord(15600, RefundStatus.Succeeded, "re_b");
        AddRefundRecord(39000, RefundStatus.Failed, "re_c");

        // HKD 546.00 remain; 70.01 USD is HKD 546.08.
        var tooMuch = await RefundAsync(70.01m, partial: true);

        Assert.That(tooMuch.Success, Is.False);
        Assert.That(tooMuch.Errors.Single(), Does.Contain("546.08 HKD").And.Contain("546.00 HKD"));
        Assert.That(_sent, Is.Empty);

        var rest = await RefundAsync(70m, partial: true);

        Assert.That(rest.Success, Is.True, string.Join("; ", rest.Errors));
        Assert.That(_sent.Single().Request.Amount, Is.EqualTo(54600));
        Assert.That(rest.NewPaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
    }

    [Test]
    public async Task A_full_refund_after_partial_ones_refunds_what_remains()
    {
        AddRefundRecord(7800, RefundStatus.Succeeded, "re_a");

        var result = await RefundAsync(90m, partial: false);

        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        Assert.That(_sent.Single().Request.Amount, Is.EqualTo(70200));
        Assert.That(result.NewPaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
    }

    [Test]
    public async Task Nothing_is_refunded_once_everything_is()
    {
        AddRefundRecord(78000, RefundStatus.Succeeded, "re_a");

        var result = await RefundAsync(100m, partial: false);

        Assert.That(result.Success, Is.False);
        Assert.That(_sent, Is.Empty);
    }

    [TestCase(PaymentIntentStatus.RequiresAction)]
    [TestCase(PaymentIntentStatus.Processing)]
    [TestCase(PaymentIntentStatus.Canceled)]
    public async Task An_order_without_a_succeeded_payment_is_not_refunded(string status)
    {
        _payment.Status = status;

        var result = await RefundAsync(10m, partial: true);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Errors.Single(), Does.Contain("no successful Alipay+ payment"));
        Assert.That(_client.Invocations, Is.Empty);
        Assert.That(_world.Refunds.Rows, Is.Empty);
    }

    [Test]
    public async Task A_double_click_is_refused_without_a_second_gateway_call()
    {
        var first = await RefundAsync(10m, partial: true);
        _clock.Advance(TimeSpan.FromSeconds(5));

        var second = await RefundAsync(10m, partial: true);

        Assert.That(first.Success, Is.True);
        Assert.That(second.Success, Is.False);
        Assert.That(second.Errors.Single(), Does.Contain("moments ago"));
        Assert.That(_sent, Has.Count.EqualTo(1));
        Assert.That(_world.Refunds.Rows, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_same_amount_again_after_the_double_click_window_is_a_new_refund()
    {
        await RefundAsync(10m, partial: true);
        _clock.Advance(RefundService.DoubleClickWindow + TimeSpan.FromSeconds(1));

        var second = await RefundAsync(10m, partial: true);

        Assert.That(second.Success, Is.True, string.Join("; ", second.Errors));
        Assert.That(_sent.Select(s => s.Key), Is.EqualTo(new[] { Key(1, 7800), Key(2, 7800) }));
    }

    [Test]
    public async Task Another_amount_within_the_window_is_not_a_double_click()
    {
        await RefundAsync(10m, partial: true);

        var other = await RefundAsync(20m, partial: true);

        Assert.That(other.Success, Is.True, string.Join("; ", other.Errors));
        Assert.That(_sent, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_transient_failure_leaves_the_refund_unknown_and_the_next_click_resumes_it_with_the_same_key()
    {
        // 50.00 USD is half the order: HKD 390.00, and the resumed refund leaves it partially refunded.
        _client.SetupSequence(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.TransientError())
            .ReturnsAsync(SettlementKit.RefundOf(_payment, "re_1", 39000, RefundStatus.Pending));

        var first = await RefundAsync(50m, partial: true);

        Assert.That(first.Success, Is.False);
        Assert.That(_world.Refunds.Rows.Single().Status, Is.EqualTo(RefundRecordStatus.Unknown));

        var resumed = await RefundAsync(50m, partial: true);

        var keys = _client.Invocations.Where(i => i.Method.Name == nameof(IWooshPayClient.CreateRefundAsync))
            .Select(i => (string)i.Arguments[2]).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(resumed.Success, Is.True, string.Join("; ", resumed.Errors));
            Assert.That(keys, Is.EqualTo(new[] { Key(1, 39000), Key(1, 39000) }));
            Assert.That(_world.Refunds.Rows.Single().Status, Is.EqualTo(RefundStatus.Pending));
            Assert.That(_world.Refunds.Rows.Single().RefundId, Is.EqualTo("re_1"));
            Assert.That(resumed.NewPaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
        });
    }

    [Test]
    public async Task A_full_refund_interrupted_by_a_transient_failure_resumes_with_the_same_key_and_amount()
    {
        _client.SetupSequence(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.GatewayError(503))
            .ReturnsAsync(SettlementKit.RefundOf(_payment, "re_1", 78000, RefundStatus.Pending));

        await RefundAsync(100m, partial: false);
        var resumed = await RefundAsync(100m, partial: false);

        var calls = _client.Invocations.Where(i => i.Method.Name == nameof(IWooshPayClient.CreateRefundAsync))
            .ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(resumed.Success, Is.True, string.Join("; ", resumed.Errors));
            Assert.That(calls.Select(i => (string)i.Arguments[2]), Is.EqualTo(new[] { Key(1, 78000), Key(1, 78000) }));
            Assert.That(calls.Select(i => ((RefundCreateRequest)i.Arguments[1]).Amount),
                Is.EqualTo(new long?[] { 78000, 78000 }));
            Assert.That(_world.Refunds.Rows, Has.Count.EqualTo(1));
            Assert.That(resumed.NewPaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
        });
    }

    [Test]
    public async Task A_refused_refund_is_marked_failed_and_does_not_hold_the_balance()
    {
        _client.SetupSequence(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.GatewayError(400, "charge already refunded"))
            .ReturnsAsync(SettlementKit.RefundOf(_payment, "re_2", 78000, RefundStatus.Pending));

        var refused = await RefundAsync(100m, partial: false);

        Assert.That(refused.Success, Is.False);
        Assert.That(refused.Errors.Single(), Does.Contain("charge already refunded"));
        var record = _world.Refunds.Rows.Single();
        Assert.That(record.Status, Is.EqualTo(RefundStatus.Failed));
        Assert.That(record.FailureReason, Does.Contain("charge already refunded"));

        var again = await RefundAsync(100m, partial: false);

        Assert.That(again.Success, Is.True, string.Join("; ", again.Errors));
        Assert.That(_client.Invocations.Last().Arguments[2], Is.EqualTo(Key(2, 78000)));
    }

    [Test]
    public async Task A_refund_WooshPay_answers_as_failed_is_an_error()
    {
        _client.Setup(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(SettlementKit.RefundOf(_payment, "re_1", 7800, RefundStatus.Failed, "insufficient_funds"));

        var result = await RefundAsync(10m, partial: true);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Errors.Single(), Does.Contain("insufficient_funds"));
        Assert.That(_world.Refunds.Rows.Single().Status, Is.EqualTo(RefundStatus.Failed));
    }

    [Test]
    public async Task A_refund_that_succeeds_at_once_still_reports_the_new_payment_status()
    {
        _client.Setup(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(SettlementKit.RefundOf(_payment, "re_1", 78000, RefundStatus.Succeeded));

        var result = await RefundAsync(100m, partial: false);

        Assert.That(result.Success, Is.True);
        Assert.That(result.NewPaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
        Assert.That(_world.Refunds.Rows.Single().Status, Is.EqualTo(RefundStatus.Succeeded));
    }

    [Test]
    public async Task
        A_refund_whose_answer_was_lost_and_whose_retry_is_answered_409_stays_unknown_and_holds_its_amount()
    {
        // The first POST was carried out but its answer lost; the admin's retry meets the key still in use.
        _client.SetupSequence(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.TransientError())
            .ThrowsAsync(new WooshPayException("WooshPay answered 409: key in use") { HttpStatus = 409,
                ErrorType = "idempotency_error" });

        var first = await RefundAsync(50m, partial: true);
        var retry = await RefundAsync(50m, partial: true);
        var rest = await RefundAsync(60m, partial: true);

        var record = _world.Refunds.Rows.Single();
        Assert.Multiple(() =>
        {
            Assert.That(first.Success, Is.False);
            Assert.That(retry.Success, Is.False);
            Assert.That(record.Status, Is.EqualTo(RefundRecordStatus.Unknown),
                "never failed: WooshPay may have refunded");
            Assert.That(rest.Success, Is.False, "the unknown 50.00 still holds its part of the balance");
            Assert.That(rest.Errors.Single(), Does.Contain("exceeds"));
        });
    }

    private void WooshPayReportsThePaymentAsPaid()
    {
        _order.CaptureTransactionId = _payment.PaymentIntentId;
        _client.Setup(c => c.GetPaymentIntentAsync(It.IsAny<WooshPayAccount>(), _payment.PaymentIntentId,
            It.IsAny<CancellationToken>()))
            .ReturnsAsync(SettlementKit.IntentFor(_payment, PaymentIntentStatus.Succeeded, _order));
    }

    [Test]
    public async Task Sync_finds_an_unknown_refund_at_WooshPay_by_its_key_and_books_it_on_the_order_once()
    {
        WooshPayReportsThePaymentAsPaid();
        _client.Setup(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.TransientError());
        await RefundAsync(50m, partial: true);
        var record = _world.Refunds.Rows.Single();
        var made = SettlementKit.RefundOf(_payment, "re_found", 39000, RefundStatus.Succeeded);
        made.Metadata = new Dictionary<string, string> { [AttemptMetadata.RefundKey] = record.IdempotencyKey };
        _client.Setup(c => c.ListRefundsAsync(It.IsAny<WooshPayAccount>(), _payment.PaymentIntentId,
            It.IsAny<ListOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new WooshPayList<Refund> { Data = [made] });

        await _world.Get<IOrderReconciler>().ReconcileAsync(_order.Id, "sync");
        await _world.Get<IOrderReconciler>().ReconcileAsync(_order.Id, "sync");

        Assert.Multiple(() =>
        {
            Assert.That(_world.Refunds.Rows.Single().RefundId, Is.EqualTo("re_found"));
            Assert.That(_world.Refunds.Rows.Single().Status, Is.EqualTo(RefundStatus.Succeeded));
            Assert.That(_world.Refunds.Rows.Single().BookedOnOrder, Is.True);
            Assert.That(_order.RefundedAmount, Is.EqualTo(50m), "booked once though synced twice");
        });
    }

    [Test]
    public async Task An_unknown_refund_WooshPay_never_made_is_freed_after_the_grace()
    {
        WooshPayReportsThePaymentAsPaid();
        _client.Setup(c => c.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(SettlementKit.TransientError());
        await RefundAsync(50m, partial: true);
        _client.Setup(c => c.ListRefundsAsync(It.IsAny<WooshPayAccount>(), It.IsAny<string>(), It.IsAny<ListOptions>(),
            It.IsAny<CancellationToken>()))
            .ReturnsAsync(new WooshPayList<Refund> { Data = [] });

        await _world.Get<IOrderReconciler>().ReconcileAsync(_order.Id, "sync");
        Assert.That(_world.Refunds.Rows.Single().Status, Is.EqualTo(RefundRecordStatus.Unknown),
            "within the grace a request may still land");

        _clock.Advance(RefundLifecycle.UnknownGrace + TimeSpan.FromMinutes(1));
        await _world.Get<IOrderReconciler>().ReconcileAsync(_order.Id, "sync");

        Assert.That(_world.Refunds.Rows.Single().Status, Is.EqualTo(RefundStatus.Failed));
    }

    [Test]
    public async Task An_extra_payment_is_refunded_in_full_once_without_touching_the_orders_amounts()
    {
        _order.CaptureTransactionId = _payment.PaymentIntentId;
        var extra = _world.AddPayment(_order, intentId: "pi_extra", status: PaymentIntentStatus.Succeeded, attempt: 2);

        var first = await _world.Get<IRefundService>().RefundExtraPaymentAsync(_order, 2);
        var again = await _world.Get<IRefundService>().RefundExtraPaymentAsync(_order, 2);

        Assert.Multiple(() =>
        {
            Assert.That(first.Success, Is.True, string.Join("; ", first.Errors));
            Assert.That(again.Success, Is.False, "a second click sends nothing");
            Assert.That(_sent, Has.Count.EqualTo(1));
            Assert.That(_sent[0].Request.PaymentIntent, Is.EqualTo("pi_extra"));
            Assert.That(_sent[0].Request.Amount, Is.EqualTo(extra.AmountMinor));
            Assert.That(_order.RefundedAmount, Is.Zero);
            Assert.That(_world.Refunds.Rows.Single().PaymentId, Is.EqualTo(extra.Id));
        });

        // The order's own payment stays wholly refundable.
        var own = await RefundAsync(100m, partial: false);
        Assert.That(own.Success, Is.True, string.Join("; ", own.Errors));
        Assert.That(_sent[1].Request.PaymentIntent, Is.EqualTo(_payment.PaymentIntentId));
        Assert.That(_sent[1].Request.Amount, Is.EqualTo(SettlementKit.DefaultChargeMinor));
    }

    [Test]
    public async Task The_payment_the_order_counts_is_not_offered_as_an_extra_one()
    {
        _order.CaptureTransactionId = _payment.PaymentIntentId;

        var result = await _world.Get<IRefundService>().RefundExtraPaymentAsync(_order, 1);

        Assert.That(result.Success, Is.False);
        Assert.That(_sent, Is.Empty);
    }
}
