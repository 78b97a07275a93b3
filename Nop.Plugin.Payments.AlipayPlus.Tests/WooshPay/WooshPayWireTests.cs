using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using WooshPay.Seed;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.WooshPay;

/// <summary>The seed's bodies against our models: nothing lost
/// when reading, the documented names when writing.</summary>
[TestFixture]
public class WooshPayWireTests
{
    private static readonly WooshPayAccount Account = new("sk_test_wire0000000000000000001234",
        useTestEnvironment: true);

    private static IEnumerable<TestCaseData> SeedResponses()
    {
        yield return new TestCaseData(typeof(PaymentIntent), SeedBodies.PaymentIntentResponse)
            .SetArgDisplayNames(nameof(PaymentIntent));
        yield return new TestCaseData(typeof(Refund), SeedBodies.RefundResponse).SetArgDisplayNames(nameof(Refund));
        yield return new TestCaseData(typeof(WebhookEndpoint), SeedBodies.WebhookEndpointResponse)
            .SetArgDisplayNames(nameof(WebhookEndpoint));
        yield return new TestCaseData(typeof(CheckoutSession), SeedBodies.CheckoutSessionResponse)
            .SetArgDisplayNames(nameof(CheckoutSession));
    }

    [TestCaseSource(nameof(SeedResponses))]
    public void A_seed_response_round_trips_without_losing_a_field(Type model, string seedJson)
    {
        var read = JsonSerializer.Deserialize(seedJson, model, WooshPayJson.Options);

        JsonAssert.Equivalent(seedJson, JsonSerializer.Serialize(read, model, WooshPayJson.Options));
        JsonAssert.NoExtensionData(read);
    }

    [Test]
    public void PaymentIntent_seed_response_maps_every_field()
    {
        var intent = JsonSerializer.Deserialize<PaymentIntent>(SeedBodies.PaymentIntentResponse, WooshPayJson.Options);

        Assert.Multiple(() =>
        {
            Assert.That(intent.Id, Is.EqualTo("pi_1646355176136638464"));
            Assert.That(intent.Object, Is.EqualTo("payment_intent"));
            Assert.That(intent.Created, Is.EqualTo(1681356636000));
            Assert.That(WooshPayTimestamp.ToDateTimeOffset(intent.Created),
                Is.EqualTo(new DateTimeOffset(2023, 4, 13, 3, 30, 36, TimeSpan.Zero)));
            Assert.That(intent.Currency, Is.EqualTo("IDR"));
            Assert.That(intent.Amount, Is.EqualTo(200));
            Assert.That(intent.Status, Is.EqualTo(PaymentIntentStatus.RequiresAction));
            Assert.That(intent.Livemode, Is.True);
            Assert.That(intent.ClientSecret, Is.EqualTo("pi_1646355176136638464_secret_gxkV1LYb76c2nFvtzDmHevyw"));
            Assert.That(intent.NextAction.AlipayPlusHandleRedirect.NormalUrl,
                Is.EqualTo("https://open-sea.alipayplus.com/api/open/v1/ac/cashier/self/codevalue/checkout.htm" +
                    "?codeValue=281666040092tDht8YNMR2t2u648Mu5v476I"));
            Assert.That(intent.RedirectUrl, Is.EqualTo(intent.NextAction.AlipayPlusHandleRedirect.NormalUrl));
            Assert.That(intent.PaymentMethodTypes, Is.EqualTo(new[] { "alipay", "wechat_pay", "card", "alipayplus" }));
            Assert.That(intent.ConfirmationMethod, Is.EqualTo("automatic"));
            Assert.That(intent.PaymentMethodOptions.AlipayPlus.TerminalType, Is.EqualTo("WEB"));
            Assert.That(intent.ReturnUrl, Is.EqualTo("https://wooshpay.com"));
            Assert.That(intent.PaymentMethod, Is.EqualTo("pm_1646355176006615040"));
            Assert.That(intent.CaptureMethod, Is.EqualTo("automatic"));
        });
    }

    [Test]
    public void PaymentIntent_reads_the_fields_beyond_the_seed()
    {
        const string json = """
            {"id":"pi_1","status":"canceled","amount":"150","currency":"HKD",
            """ + """
            "metadata":{"order_guid":"abc","order_id":42,"flag":true},
             "merchant_order_id":"ORD-42","description":"Order 42","amount_received":0,
             "last_payment_error":{"type":"card_error","code":"wallet_declined","message":"Declined by wallet"},
             "cancellation_reason":"abandoned","canceled_at":1681356999000,
             "next_action":{"type":"alipayplus_handle_redirect","alipayplus_handle_redirect":
            """ + """
            {"normalUrl":"https://n","applinkUrl":"https://a","schemeUrl":"alipays://s"}},
             "brand_new_field":{"nested":[1,2]}}
            """;

        var intent = JsonSerializer.Deserialize<PaymentIntent>(json, WooshPayJson.Options);

        Assert.Multiple(() =>
        {
            Assert.That(intent.Amount, Is.EqualTo(150), "amount as a string still reads");
            Assert.That(intent.Metadata,
                Is.EqualTo(
                    new Dictionary<string, string> { ["order_guid"] = "abc", ["order_id"] = "42", ["flag"] = "true" }));
            Assert.That(intent.MerchantOrderId, Is.EqualTo("ORD-42"));
            Assert.That(intent.Description, Is.EqualTo("Order 42"));
            Assert.That(intent.AmountReceived, Is.EqualTo(0));
            Assert.That(intent.LastPaymentError.Type, Is.EqualTo("card_error"));
            Assert.That(intent.LastPaymentError.Code, Is.EqualTo("wallet_declined"));
            Assert.That(intent.LastPaymentError.Message, Is.EqualTo("Declined by wallet"));
            Assert.That(intent.CancellationReason, Is.EqualTo("abandoned"));
            Assert.That(intent.CanceledAt, Is.EqualTo(1681356999000));
            Assert.That(intent.NextAction.Type, Is.EqualTo("alipayplus_handle_redirect"));
            Assert.That(intent.NextAction.AlipayPlusHandleRedirect.ApplinkUrl, Is.EqualTo("https://a"));
            Assert.That(intent.NextAction.AlipayPlusHandleRedirect.SchemeUrl, Is.EqualTo("alipays://s"));
            Assert.That(intent.ExtensionData["brand_new_field"].GetRawText(), Is.EqualTo("""{"nested":[1,2]}"""));
        });
        Assert.That(JsonSerializer.Serialize(intent, WooshPayJson.Options),
            Does.Contain("\"brand_new_field\":{\"nested\":[1,2]}"), "unknown fields survive a re-write");
    }

    [Test]
    public void Refund_seed_response_maps_every_field()
    {
        var refund = JsonSerializer.Deserialize<Refund>(SeedBodies.RefundResponse, WooshPayJson.Options);

        Assert.Multiple(() =>
        {
            Assert.That(refund.Id, Is.EqualTo("re_1575092157281206272"));
            Assert.That(refund.Object, Is.EqualTo("refund"));
            Assert.That(refund.Created, Is.EqualTo(1664366209000));
            Assert.That(refund.Amount, Is.EqualTo(20));
            Assert.That(refund.Currency, Is.EqualTo("CNY"));
            Assert.That(refund.Metadata, Is.Null);
            Assert.That(refund.Reason, Is.EqualTo(RefundReasons.RequestedByCustomer));
            Assert.That(refund.Status, Is.EqualTo(RefundStatus.Succeeded));
            Assert.That(refund.Description, Is.Null);
            Assert.That(refund.PaymentIntent, Is.EqualTo("pi_1575055712604651520"));
            Assert.That(refund.FailureReason, Is.Null);
        });
    }

    [Test]
    public void WebhookEndpoint_seed_response_maps_every_field()
    {
        var endpoint = JsonSerializer.Deserialize<WebhookEndpoint>(SeedBodies.WebhookEndpointResponse,
            WooshPayJson.Options);

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.Id, Is.EqualTo("we_1575093135514533888"));
            Assert.That(endpoint.Object, Is.EqualTo("webhook_endpoint"));
            Assert.That(endpoint.Created, Is.EqualTo(1664366442000));
            Assert.That(endpoint.Description, Is.EqualTo("I_am_description"));
            Assert.That(endpoint.Metadata, Is.Null);
            Assert.That(endpoint.Status, Is.EqualTo("enabled"));
            Assert.That(endpoint.Url, Is.EqualTo("https://apitest.wooshpay.com/v1/receives"));
            Assert.That(endpoint.Livemode, Is.False);
            Assert.That(endpoint.ApiVersion, Is.EqualTo("1.0.1"));
            Assert.That(endpoint.EnabledEvents, Is.EqualTo(new[]
            {
                WebhookEventTypes.PaymentIntentCreated, WebhookEventTypes.PaymentIntentPaymentFailed,
                WebhookEventTypes.PaymentIntentSucceeded, WebhookEventTypes.ChargeRefundUpdated,
            }));
        });
    }

    [Test]
    public void CheckoutSession_seed_response_maps_every_field()
    {
        var session = JsonSerializer.Deserialize<CheckoutSession>(SeedBodies.CheckoutSessionResponse,
            WooshPayJson.Options);

        Assert.Multiple(() =>
        {
            Assert.That(session.Id, Is.EqualTo("cs_1597163428114333696"));
            Assert.That(session.Object, Is.EqualTo("checkout.session"));
            Assert.That(session.Created, Is.EqualTo(1669628410000));
            Assert.That(session.Currency, Is.EqualTo("GBP"));
            Assert.That(session.Customer, Is.EqualTo(""));
            Assert.That(session.Mode, Is.EqualTo("payment"));
            Assert.That(session.Livemode, Is.True);
            Assert.That(session.Shipping, Is.Null);
            Assert.That(session.Status, Is.EqualTo(CheckoutSessionStatus.Open));
            Assert.That(session.Url,
                Is.EqualTo("https://checkout.wooshpay.com/pay/cs_1597163428114333696" +
                    "?key=pk_live_dGVzdDpKeEQzUXhpWDJyYkFRZEo1QWtWN0dHUFo="));
            Assert.That(session.CancelUrl, Is.EqualTo("www.baidu.com"));
            Assert.That(session.ClientReferenceId, Is.Null);
            Assert.That(session.CustomerEmail, Is.Null);
            Assert.That(session.LineItems.Object, Is.EqualTo("list"));
            Assert.That(session.LineItems.Url, Is.Null);
            Assert.That(session.LineItems.HasMore, Is.False, "has_more: null reads as false");
            Assert.That(session.PaymentIntent, Is.EqualTo("pi_1597163428336631808"));
            Assert.That(session.PaymentMethodTypes, Is.Null);
            Assert.That(session.PaymentStatus, Is.EqualTo(CheckoutSessionStatus.PaymentUnpaid));
            Assert.That(session.SuccessUrl, Is.EqualTo("www.wooshpay.com"));
            Assert.That(session.AmountSubtotal, Is.EqualTo(5));
            Assert.That(session.AmountTotal, Is.EqualTo(5));
            Assert.That(session.BillingAddressCollection, Is.EqualTo("auto"));
            Assert.That(session.ExpiresAt, Is.EqualTo(1669714809783));
            Assert.That(WooshPayTimestamp.ToDateTimeOffset(session.ExpiresAt),
                Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1669714809783)));
            Assert.That(session.PaymentLink, Is.EqualTo(""));
            Assert.That(session.PaymentMethodOptions, Is.Null);
            Assert.That(session.PhoneNumberCollection, Is.Null);
            Assert.That(session.ShippingAddressCollection, Is.Null);
            Assert.That(session.ClientSecret, Is.EqualTo("pi_1597163428336631808_secret_pxwFDDYAbSnC99NpAKVwE1Sr"));

            var item = session.LineItems.Data.Single();
            Assert.That(item.Id, Is.EqualTo("li_1597163428139499520"));
            Assert.That(item.Object, Is.EqualTo("item"));
            Assert.That(item.Currency, Is.EqualTo("GBP"));
            Assert.That(item.Description, Is.EqualTo("taiwan fengli"));
            Assert.That(item.Quantity, Is.EqualTo(1));
            Assert.That(item.AmountSubtotal, Is.EqualTo(5));
            Assert.That(item.AmountTotal, Is.EqualTo(5));

            var price = item.Price;
            Assert.That(price.Id, Is.EqualTo("price_1597163428152082432"));
            Assert.That(price.Object, Is.EqualTo("price"));
            Assert.That(price.Created, Is.EqualTo(1669628410000));
            Assert.That(price.Active, Is.True);
            Assert.That(price.Currency, Is.EqualTo("GBP"));
            Assert.That(price.Metadata,
                Is.EqualTo(new Dictionary<string, string> { ["key1"] = "value1", ["key2"] = "value2" }));
            Assert.That(price.Nickname, Is.EqualTo("fengli"));
            Assert.That(price.Type, Is.EqualTo("one_time"));
            Assert.That(price.Livemode, Is.True);
            Assert.That(price.UnitAmount, Is.EqualTo(5));
            Assert.That(price.BillingScheme, Is.EqualTo("per_unit"));
            Assert.That(price.LookupKey, Is.EqualTo("test_lookup_key"));

            var product = price.Product;
            Assert.That(product.Id, Is.EqualTo("prod_1597163428164665344"));
            Assert.That(product.Object, Is.EqualTo("product"));
            Assert.That(product.Created, Is.EqualTo(1669628410000));
            Assert.That(product.Active, Is.True);
            Assert.That(product.Description, Is.EqualTo("very delicious"));
            Assert.That(product.Metadata["key2"], Is.EqualTo("value2"));
            Assert.That(product.Name, Is.EqualTo("taiwan fengli"));
            Assert.That(product.Livemode, Is.True);
            Assert.That(product.Url, Is.EqualTo("www.baidu.com"));
            Assert.That(product.Updated, Is.EqualTo(1669628410000));
            Assert.That(product.Images, Is.Null);
        });
    }

    [Test]
    public void The_comparison_helpers_do_notice_a_lost_or_unmapped_field()
    {
        var withUnknownDeepField = SeedBodies.CheckoutSessionResponse.Replace("\"images\": null",
            "\"images\": null, \"tax_code\": \"txcd_1\"");
        var session = JsonSerializer.Deserialize<CheckoutSession>(withUnknownDeepField, WooshPayJson.Options);

        Assert.That(JsonAssert.ExtensionDataPaths(session),
            Is.EqualTo(new[] { "$.LineItems.Data[0].Price.Product.tax_code" }));
        Assert.That(JsonAssert.Differences(SeedBodies.RefundResponse,
            SeedBodies.RefundResponse.Replace("\"amount\":20,", "")), Has.Count.EqualTo(1));
        Assert.That(JsonAssert.Differences(SeedBodies.RefundResponse,
            SeedBodies.RefundResponse.Replace("\"amount\":20", "\"amount\":21")), Has.Count.EqualTo(1));
        Assert.That(JsonAssert.Differences("{\"a\":1}", "{\"a\":1,\"b\":null}"), Has.Count.EqualTo(1),
            "an extra field counts");
        Assert.That(JsonAssert.Differences("{\"a\":null}", "{}"), Is.Empty, "a null may be omitted");
    }

    [Test]
    public void Price_product_given_as_a_bare_id_still_reads()
    {
        var price = JsonSerializer.Deserialize<Price>("""{"id":"price_1","product":"prod_9","unit_amount":5}""",
            WooshPayJson.Options);

        Assert.That(price.Product.Id, Is.EqualTo("prod_9"));
    }

    [Test]
    public void WooshPayList_reads_a_page()
    {
        const string json = """{"object":"list","url":"/v1/refunds","has_more":true,"data":""" +
            """[{"id":"re_1","status":"pending","amount":5}]}""";

        var list = JsonSerializer.Deserialize<WooshPayList<Refund>>(json, WooshPayJson.Options);

        Assert.That(list.Object, Is.EqualTo("list"));
        Assert.That(list.Url, Is.EqualTo("/v1/refunds"));
        Assert.That(list.HasMore, Is.True);
        Assert.That(list.Data.Single().Status, Is.EqualTo(RefundStatus.Pending));
    }

    [Test]
    public async Task PaymentIntent_request_is_sent_exactly_as_the_seed_documents_it()
    {
        var request = new PaymentIntentCreateRequest
        {
            Amount = 200,
            Currency = "IDR",
            Confirm = true,
            PaymentMethodOptions = new PaymentMethodOptions
            {
                AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = AlipayPlusValues.TerminalTypeWeb }
            },
            PaymentMethodData = new PaymentMethodData { Type = AlipayPlusValues.PaymentMethodType },
            ReturnUrl = "https://wooshpay.com",
        };

        var body = await CaptureBodyAsync((client, account) =>
            client.CreatePaymentIntentAsync(account, request, "order-1"), SeedBodies.PaymentIntentResponse);

        JsonAssert.Equivalent(SeedBodies.PaymentIntentCreateRequest, body);
    }

    [Test]
    public async Task PaymentIntent_request_uses_snake_case_for_the_fields_beyond_the_seed()
    {
        var request = new PaymentIntentCreateRequest
        {
            Amount = 12345,
            Currency = "HKD",
            Metadata = new Dictionary<string, string> { ["order_guid"] = "g-1" },
            MerchantOrderId = "ORD-7",
            Description = "Order 7",
            PaymentMethodTypes = new List<string> { "alipayplus" },
        };

        var body = await CaptureBodyAsync((client, account) =>
            client.CreatePaymentIntentAsync(account, request, "order-7"), SeedBodies.PaymentIntentResponse);

        JsonAssert.Equivalent("""
            {"amount":12345,"currency":"HKD","metadata":{"order_guid":"g-1"},"merchant_order_id":"ORD-7",
             "description":"Order 7","payment_method_types":["alipayplus"]}
            """, body);
    }

    [Test]
    public async Task Refund_request_is_sent_exactly_as_the_seed_documents_it()
    {
        var request = new RefundCreateRequest { Reason = RefundReasons.RequestedByCustomer,
            PaymentIntent = "pi_1575055712604651520" };

        var body = await CaptureBodyAsync((client, account) =>
            client.CreateRefundAsync(account, request, "refund-1"), SeedBodies.RefundResponse);

        JsonAssert.Equivalent(SeedBodies.RefundCreateRequest, body);
        Assert.That(body,
            Is.EqualTo("""{"payment_intent":"pi_1575055712604651520","reason":"requested_by_customer"}"""),
            "nulls are left out, not sent as null");
    }

    [Test]
    public async Task Partial_refund_amount_is_sent_as_a_json_integer()
    {
        var request = new RefundCreateRequest
        {
            PaymentIntent = "pi_1",
            Amount = 150,
            Metadata = new Dictionary<string, string> { ["order_id"] = "9" },
        };

        var body = await CaptureBodyAsync((client, account) =>
            client.CreateRefundAsync(account, request, "refund-2"), SeedBodies.RefundResponse);

        Assert.That(body, Is.EqualTo("""{"payment_intent":"pi_1","amount":150,"metadata":{"order_id":"9"}}"""));
    }

    [Test]
    public async Task WebhookEndpoint_request_is_sent_exactly_as_the_seed_documents_it()
    {
        var request = new WebhookEndpointCreateRequest
        {
            Url = "https://apitest.wooshpay.com/v1/receives",
            Description = "I_am_description",
            EnabledEvents = new List<string>
            {
                WebhookEventTypes.PaymentIntentCreated, WebhookEventTypes.PaymentIntentPaymentFailed,
                WebhookEventTypes.PaymentIntentSucceeded, WebhookEventTypes.ChargeRefundUpdated,
            },
            ApiVersion = "1.0.1",
        };

        var body = await CaptureBodyAsync((client, account) =>
            client.CreateWebhookEndpointAsync(account, request, "endpoint-1"), SeedBodies.WebhookEndpointResponse);

        JsonAssert.Equivalent(SeedBodies.WebhookEndpointCreateRequest, body);
    }

    [Test]
    public async Task CheckoutSession_request_is_sent_exactly_as_the_seed_documents_it()
    {
        var metadata = new Dictionary<string, string> { ["key1"] = "value1", ["key2"] = "value2" };
        var request = new CheckoutSessionCreateRequest
        {
            CancelUrl = "www.baide.com",
            Mode = AlipayPlusValues.CheckoutModePayment,
            SuccessUrl = "www.wooshpay.com",
            PaymentMethodOptions =
                new PaymentMethodOptions { AlipayPlus = new AlipayPlusPaymentMethodOptions { TerminalType = "WEB" } },
            LineItems = new List<CheckoutSessionLineItem>
            {
                new()
                {
                    PriceData = new PriceData
                    {
                        Currency = "GBP",
                        UnitAmount = 5,
                        Active = true,
                        Metadata = metadata,
                        Nickname = "fengli",
                        ProductData = new ProductData
                        {
                            Name = "taiwan fengli",
                            Active = true,
                            Description = "very delicious",
                            Metadata = metadata,
                            Url = "www.baidu.com",
                        },
                        BillingScheme = "testscheme",
                        LookupKey = "test_lookup_key",
                    },
                    Quantity = 1,
                },
            },
        };

        var body = await CaptureBodyAsync((client, account) =>
            client.CreateCheckoutSessionAsync(account, request, "session-1"), SeedBodies.CheckoutSessionResponse);

        JsonAssert.Equivalent(SeedBodies.CheckoutSessionCreateRequest, body);
    }

    [Test]
    public async Task CheckoutSession_request_sends_our_references_in_snake_case()
    {
        var request = new CheckoutSessionCreateRequest
        {
            Mode = "payment",
            ClientReferenceId = "order-42",
            CustomerEmail = "a@b.c",
            Metadata = new Dictionary<string, string> { ["order_id"] = "42" },
            PaymentIntentData =
                new PaymentIntentData { Metadata = new Dictionary<string, string> { ["order_id"] = "42" } },
            PaymentMethodTypes = new List<string> { "alipayplus" },
            ExpiresAt = 1669714809783,
        };

        var body = await CaptureBodyAsync((client, account) =>
            client.CreateCheckoutSessionAsync(account, request, "session-42"), SeedBodies.CheckoutSessionResponse);

        JsonAssert.Equivalent("""
            {"mode":"payment","client_reference_id":"order-42","customer_email":"a@b.c","metadata":{"order_id":"42"},
             "payment_intent_data":{"metadata":{"order_id":"42"}},"payment_method_types":["alipayplus"],
            """ + """
            "expires_at":1669714809783}
            """, body);
    }

    [Test]
    public void Redirect_urls_are_written_in_camel_case()
    {
        var action = new NextAction
        {
            AlipayPlusHandleRedirect =
                new AlipayPlusHandleRedirect { NormalUrl = "n", ApplinkUrl = "a", SchemeUrl = "s" }
        };

        Assert.That(JsonSerializer.Serialize(action, WooshPayJson.Options),
            Is.EqualTo("""{"alipayplus_handle_redirect":{"normalUrl":"n","applinkUrl":"a","schemeUrl":"s"}}"""));
    }

    private static async Task<string> CaptureBodyAsync<T>(Func<WooshPayClient, WooshPayAccount, Task<T>> call,
        string answer)
    {
        var handler = new FakeHttpMessageHandler().ThenJson(HttpStatusCode.OK, answer);
        var client = new WooshPayClient(new HttpClient(handler), NullLogger<WooshPayClient>.Instance);

        await call(client, Account);

        Assert.That(handler.LastRequest.ContentType, Is.EqualTo("application/json; charset=utf-8"));
        return handler.LastRequest.Body;
    }
}
