using System.Text.Json;
using System.Text;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using WooshPay.Seed;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.WooshPay;

[TestFixture]
public class WebhookEventParserTests
{
    private static readonly string SucceededEvent =
        "{\"id\":\"evt_1646355999\",\"object\":\"event\",\"api_version\":\"1.0.1\",\"created\":1681356700,"
        + "\"data\":{\"object\":" + SeedBodies.PaymentIntentResponse.Replace("requires_action", "succeeded") + "},"
        + "\"livemode\":true,\"pending_webhooks\":2,\"type\":\"payment_intent.succeeded\","
        + "\"request\":{\"id\":null,\"idempotency_key\":\"order-1\"}}";

    [Test]
    public void Parses_the_event_envelope()
    {
        var evt = WebhookEventParser.Parse(Encoding.UTF8.GetBytes(SucceededEvent));

        Assert.Multiple(() =>
        {
            Assert.That(evt.Id, Is.EqualTo("evt_1646355999"));
            Assert.That(evt.Object, Is.EqualTo("event"));
            Assert.That(evt.ApiVersion, Is.EqualTo("1.0.1"));
            Assert.That(evt.Type, Is.EqualTo(WebhookEventTypes.PaymentIntentSucceeded));
            Assert.That(evt.Created, Is.EqualTo(1681356700));
            Assert.That(evt.CreatedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1681356700)));
            Assert.That(evt.Livemode, Is.True);
            Assert.That(evt.PendingWebhooks, Is.EqualTo(2));
            Assert.That(evt.Data.Object.ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(evt.ExtensionData.ContainsKey("request"), Is.True, "fields we do not model are kept");
        });
    }

    [Test]
    public void Data_object_reads_as_the_gateway_model()
    {
        var evt = WebhookEventParser.Parse(Encoding.UTF8.GetBytes(SucceededEvent));

        var intent = evt.GetDataObject<PaymentIntent>();

        Assert.That(intent.Id, Is.EqualTo("pi_1646355176136638464"));
        Assert.That(intent.Status, Is.EqualTo(PaymentIntentStatus.Succeeded));
        Assert.That(intent.Amount, Is.EqualTo(200));
        Assert.That(intent.Currency, Is.EqualTo("IDR"));
    }

    [Test]
    public void Refund_and_session_events_read_too()
    {
        var refundEvent =
            "{\"id\":\"evt_2\",\"type\":\"charge.refund.updated\",\"created\":1664366209000,\"data\":{\"object\":" +
            SeedBodies.RefundResponse + "}}";
        var sessionEvent =
            "{\"id\":\"evt_3\",\"type\":\"checkout.session.completed\",\"created\":1669628410,\"data\":{\"object\":" +
            SeedBodies.CheckoutSessionResponse + "}}";

        var refund = WebhookEventParser.Parse(Encoding.UTF8.GetBytes(refundEvent)).GetDataObject<Refund>();
        var session = WebhookEventParser.Parse(Encoding.UTF8.GetBytes(sessionEvent)).GetDataObject<CheckoutSession>();

        Assert.That(refund.Status, Is.EqualTo(RefundStatus.Succeeded));
        Assert.That(session.PaymentIntent, Is.EqualTo("pi_1597163428336631808"));
    }

    [TestCase(1681356700L)]
    [TestCase(1681356700000L)]
    public void Created_may_be_seconds_or_milliseconds(long created)
    {
        var evt = WebhookEventParser.Parse(
            Encoding.UTF8.GetBytes($"{{\"id\":\"evt_1\",\"type\":\"x\",\"created\":{created}}}"));

        Assert.That(evt.CreatedAt, Is.EqualTo(new DateTimeOffset(2023, 4, 13, 3, 31, 40, TimeSpan.Zero)));
    }

    [TestCase("")]
    [TestCase("not json")]
    [TestCase("<xml/>")]
    [TestCase("[]")]
    [TestCase("null")]
    [TestCase("{\"type\":\"payment_intent.succeeded\"}")]
    [TestCase("{\"id\":\"evt_1\"}")]
    [TestCase("{\"id\":\"evt_1\",\"type\":\"\"}")]
    [TestCase("{\"id\":\"evt_1\",\"type\":\"x\",\"data\":{\"object\":{}}")]
    public void Rejects_what_is_not_an_event_with_a_typed_error(string body)
    {
        Assert.Throws<WebhookEventFormatException>(() => WebhookEventParser.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Test]
    public void A_format_error_is_also_a_WooshPayException()
    {
        Assert.That(new WebhookEventFormatException("x"), Is.InstanceOf<WooshPayException>());
    }

    [TestCase("{\"id\":\"evt_1\",\"type\":\"x\"}")]
    [TestCase("{\"id\":\"evt_1\",\"type\":\"x\",\"data\":{\"object\":null}}")]
    [TestCase("{\"id\":\"evt_1\",\"type\":\"x\",\"data\":{\"object\":{\"id\":\"pi_1\"}}}")]
    [TestCase("{\"id\":\"evt_1\",\"type\":\"x\",\"data\":{\"object\":{\"id\":\"pi_1\",\"status\":\"succeeded\","
        + "\"amount\":\"lots\"}}}")]
    public void Unusable_data_object_is_a_typed_error(string body)
    {
        var evt = WebhookEventParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Throws<WebhookEventFormatException>(() => evt.GetDataObject<PaymentIntent>());
    }

    [Test]
    public void Data_object_outlives_the_body_buffer()
    {
        var buffer = Encoding.UTF8.GetBytes(SucceededEvent);
        var evt = WebhookEventParser.Parse(buffer);
        Array.Clear(buffer);

        Assert.That(evt.GetDataObject<PaymentIntent>().Id, Is.EqualTo("pi_1646355176136638464"));
    }
}
