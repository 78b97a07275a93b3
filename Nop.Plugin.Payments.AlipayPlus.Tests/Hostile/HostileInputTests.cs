using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Http;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Models.Public;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Tests.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.Webhooks;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Orders;
using Nop.Web.Framework.Mvc.Filters;
using static Nop.Plugin.Payments.AlipayPlus.WooshPay.WebhookSignatureVerifier;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Hostile;

/// <summary>
/// Hostile input at every door of the plugin: forged, stale, replayed, mangled and misdirected webhooks (through
/// the webhook controller), tampered returns (through the public controller), admin actions without their
/// guards, and a gateway answer that is not what it should be (through the real WooshPayClient). Each case
/// asserts a clear status or message, that no order changed, and that no log line holds a secret.
/// </summary>
[TestFixture]
public class HostileInputTests
{
    private const string SecretKey = "sk_test_HOSTILEsecretKEY0123456789abcdef";
    private const string WebhookSecret = "whsec_HOSTILEwebhookSECRET0123456789";
    private const string OtherStoreKey = "sk_test_OTHERstoreKEY0123456789abcdef";
    private const string OtherStoreWebhookSecret = "whsec_OTHERstoreSECRET0123456789";
    private const string LiveKey = "sk_live_HOSTILEliveKEY0123456789abcdef";
    private const int OtherStoreId = 2;

    private static readonly string[] Secrets =
        [SecretKey, WebhookSecret, OtherStoreKey, OtherStoreWebhookSecret, LiveKey];
    private static int _passed;
    private static int _run;

    private ShopWorld _shop;
    private ScriptedWooshPay _wooshPay;
    private CapturingLoggerProvider _logs;
    private readonly List<Order> _orders = new();
    private Order _unpaid;
    private Order _paid;
    private Order _other;
    private Dictionary<int, string> _before;

    [SetUp]
    public void SetUp()
    {
        _orders.Clear();
        _logs = new CapturingLoggerProvider();
        _wooshPay = new ScriptedWooshPay();
        _shop = new ShopWorld(services =>
        {
            services.AddLogging(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
            // The real client, talking to the scripted WooshPay instead of the network.
            services.AddSingleton<IWooshPayClient>(sp =>
                new WooshPayClient(new HttpClient(_wooshPay), sp.GetRequiredService<ILogger<WooshPayClient>>()));
        });
        _shop.Settings.SecretKey = SecretKey;
        _shop.Settings.WebhookSecret = WebhookSecret;
        _shop.Settings.ApiBaseUrl = "https://wooshpay.test/";
        _shop.SetStoreSettings(OtherStoreId, new AlipayPlusSettings
        {
            SecretKey = OtherStoreKey, UseTestEnvironment = true, WebhookSecret = OtherStoreWebhookSecret,
            ApiBaseUrl = "https://wooshpay.test/"
        });

        _unpaid = PlaceOrderWithAttempt("pi_unpaid", PaymentIntentStatus.RequiresAction);
        _other = PlaceOrderWithAttempt("pi_other", PaymentIntentStatus.RequiresAction);
        _paid = PlaceOrderWithAttempt("pi_paid", PaymentIntentStatus.Succeeded);
        _paid.PaymentStatus = PaymentStatus.Paid;
        _paid.OrderStatus = OrderStatus.Processing;
        _paid.CaptureTransactionId = "pi_paid";
        _before = Snapshot();
    }

    [TearDown]
    public void TearDown()
    {
        _run++;
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed)
            _passed++;
        _shop?.Dispose();
    }

    [OneTimeTearDown]
    public void Report()
    {
        TestContext.Progress.WriteLine($"hostile cases: {_passed} passed");
        if (_passed != _run)
            TestContext.Progress.WriteLine($"hostile cases: {_run - _passed} of {_run} did not pass");
    }

    // ---- Webhooks, through AlipayPlusWebhookController ----

    [TestCase("no signature header", 400, "signature")]
    [TestCase("malformed signature header", 400, "signature")]
    [TestCase("signed with a wrong secret", 400, "signature")]
    [TestCase("stale timestamp", 400, "signature")]
    [TestCase("future timestamp", 400, "signature")]
    [TestCase("body changed after signing", 400, "signature")]
    [TestCase("not JSON", 400, "not a WooshPay event")]
    [TestCase("truncated JSON", 400, "not a WooshPay event")]
    [TestCase("oversized body", 413, "size limit")]
    [TestCase("unknown event type", 200, "not used by this plugin")]
    [TestCase("event for an unknown order", 200, "unknown payment intent")]
    [TestCase("event for another store's order", 200, "belongs to store 1")]
    [TestCase("live event to a test configuration", 400, "live")]
    [TestCase("amount not matching the order", 200, "Mismatch")]
    [TestCase("currency not matching the order", 200, "Mismatch")]
    [TestCase("intent metadata names another order", 200, "Mismatch")]
    [TestCase("success claimed by the event but not by WooshPay", 200, "Pending")]
    public async Task A_hostile_webhook_is_answered_clearly_and_changes_no_order(string @case, int expectedStatus,
        string expectedMessage)
    {
        // What WooshPay itself says when asked: for most cases "succeeded", so any hole would pay the order.
        var gatewayIntent = Intent("pi_unpaid", _unpaid, PaymentIntentStatus.Succeeded);
        var eventIntent = Intent("pi_unpaid", _unpaid, PaymentIntentStatus.Succeeded);
        var type = "payment_intent.succeeded";
        var livemode = false;
        var storeId = 1;
        var secret = WebhookSecret;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var timestamp = now;
        Func<byte[], byte[]> afterSigning = body => body;
        Func<byte[], string> header = null;
        byte[] rawBody = null;

        switch (@case)
        {
            case "no signature header":
                header = _ => null;
                break;
            case "malformed signature header":
                header = _ => "t=yesterday;v1=not-hex";
                break;
            case "signed with a wrong secret":
                secret = "whsec_guessed";
                break;
            case "stale timestamp":
                timestamp = now - 3600;
                break;
            case "future timestamp":
                timestamp = now + 3600;
                break;
            case "body changed after signing":
                afterSigning = body => Encoding.UTF8.GetBytes(
                    Encoding.UTF8.GetString(body).Replace("\"amount\":78000", "\"amount\":7800"));
                break;
            case "not JSON":
                rawBody = Encoding.UTF8.GetBytes("<html><body>pay me</body></html>");
                break;
            case "truncated JSON":
                rawBody = EventBody("evt_truncated", type, eventIntent, false)[..60];
                break;
            case "oversized body":
                var padding = new string('x', AlipayPlusDefaults.WebhookBodyLimitBytes);
                rawBody = Encoding.UTF8.GetBytes(
                    $$"""{"id":"evt_big","type":"payment_intent.succeeded","padding":"{{padding}}"}""");
                break;
            case "unknown event type":
                type = "customer.subscription.created";
                eventIntent = new JsonObject { ["id"] = "sub_1", ["object"] = "subscription" };
                break;
            case "event for an unknown order":
                var stranger = Intent("pi_stranger", _unpaid, PaymentIntentStatus.Succeeded);
                stranger["metadata"]![AttemptMetadata.OrderGuid] = Guid.NewGuid().ToString();
                _wooshPay.Intents["pi_stranger"] = stranger;
                eventIntent = stranger;
                break;
            case "event for another store's order":
                storeId = OtherStoreId;
                secret = OtherStoreWebhookSecret;
                break;
            case "live event to a test configuration":
                livemode = true;
                gatewayIntent["livemode"] = true;
                break;
            case "amount not matching the order":
                gatewayIntent["amount"] = 7800;
                gatewayIntent["amount_received"] = 7800;
                break;
            case "currency not matching the order":
                gatewayIntent["currency"] = "php";
                break;
            case "intent metadata names another order":
                gatewayIntent["metadata"]![AttemptMetadata.OrderGuid] = _other.OrderGuid.ToString();
                gatewayIntent["metadata"]![AttemptMetadata.OrderId] = _other.Id.ToString();
                break;
            case "success claimed by the event but not by WooshPay":
                gatewayIntent = Intent("pi_unpaid", _unpaid, PaymentIntentStatus.RequiresAction);
                break;
            default:
                Assert.Fail($"unknown case {@case}");
                break;
        }

        _wooshPay.Intents["pi_unpaid"] = gatewayIntent;
        var signed = rawBody ?? EventBody($"evt_{Guid.NewGuid():N}", type, eventIntent, livemode);
        var signature = header is null ? GenerateSignatureHeader(signed, secret, timestamp) : header(signed);

        var (status, message) = await PostWebhookAsync(storeId, afterSigning(signed), signature);

        Assert.That(status, Is.EqualTo(expectedStatus), message);
        if (expectedStatus == 400)
        {
            // A refusal tells the sender nothing; the reason is in the store's log.
            Assert.That(message, Is.EqualTo(AlipayPlusDefaults.WebhookRejectedBody));
            Assert.That(_shop.LogLines, Has.Some.Contains(expectedMessage));
        }
        else
            Assert.That(message, Does.Contain(expectedMessage));
        AssertNoOrderChangedAndNoSecretLogged();
    }

    [Test]
    public async Task A_replayed_event_id_is_acknowledged_and_applied_once()
    {
        _wooshPay.Intents["pi_unpaid"] = Intent("pi_unpaid", _unpaid, PaymentIntentStatus.Succeeded);
        var body = EventBody("evt_replayed", "payment_intent.succeeded",
            Intent("pi_unpaid", _unpaid, PaymentIntentStatus.Succeeded), false);
        var first = await PostWebhookAsync(1, body, SignNow(WebhookSecret, body));
        Assert.That(first.Status, Is.EqualTo(200), first.Message);
        Assert.That(_unpaid.PaymentStatus, Is.EqualTo(PaymentStatus.Paid), "the genuine first delivery pays the order");
        _before = Snapshot();

        // The same event again a minute later with a fresh, valid signature, and once more with another body.
        var replay = await PostWebhookAsync(1, body, SignNow(WebhookSecret, body));
        var otherBody = EventBody("evt_replayed", "payment_intent.succeeded",
            Intent("pi_other", _other, PaymentIntentStatus.Succeeded), false);
        var replayOther = await PostWebhookAsync(1, otherBody, SignNow(WebhookSecret, otherBody));

        Assert.That(replay.Status, Is.EqualTo(200));
        Assert.That(replay.Message, Does.Contain("already processed"));
        Assert.That(replayOther.Message, Does.Contain("already processed"));
        Assert.That(_shop.MarkedPaidCount(_unpaid), Is.EqualTo(1));
        AssertNoOrderChangedAndNoSecretLogged();
    }

    // ---- The shopper's return, through AlipayPlusPublicController.Return ----

    [TestCase("another customer's order")]
    [TestCase("a made-up order GUID")]
    [TestCase("a deleted order")]
    public async Task A_return_to_an_order_that_is_not_the_shoppers_is_not_found(string @case)
    {
        var orderGuid = _unpaid.OrderGuid;
        switch (@case)
        {
            case "another customer's order":
                _shop.CurrentCustomer = new Customer { Id = 666 };
                break;
            case "a made-up order GUID":
                orderGuid = Guid.NewGuid();
                break;
            case "a deleted order":
                _unpaid.Deleted = true;
                _before = Snapshot();
                break;
        }

        _wooshPay.Intents["pi_unpaid"] = Intent("pi_unpaid", _unpaid, PaymentIntentStatus.Succeeded);
        var result = await ReturnAsync(orderGuid, $"?payment_intent=pi_unpaid&redirect_status=succeeded");

        Assert.That(result, Is.InstanceOf<NotFoundResult>());
        Assert.That(_wooshPay.Requests, Is.Empty, "nothing is asked of WooshPay for somebody else's order");
        AssertNoOrderChangedAndNoSecretLogged();
    }

    [TestCase("?payment_intent=pi_unpaid&payment_intent_client_secret=pi_unpaid_secret_x&redirect_status=succeeded")]
    [TestCase("?payment_intent=pi_paid&redirect_status=succeeded")]
    [TestCase("?redirect_status=succeeded&orderGuid=00000000-0000-0000-0000-000000000000")]
    public async Task A_tampered_return_query_does_not_show_an_unpaid_order_as_completed(string query)
    {
        _wooshPay.Intents["pi_unpaid"] = Intent("pi_unpaid", _unpaid, PaymentIntentStatus.RequiresAction);

        var result = await ReturnAsync(_unpaid.OrderGuid, query);

        Assert.That(result, Is.Not.InstanceOf<RedirectToRouteResult>(),
            "a redirect would be to the order-completed page");
        var view = result as ViewResult;
        Assert.That(view?.Model, Is.InstanceOf<PaymentReturnModel>());
        Assert.That(((PaymentReturnModel)view!.Model).State, Is.EqualTo(PaymentReturnState.Waiting),
            "WooshPay says the cashier is still open");
        AssertNoOrderChangedAndNoSecretLogged();
    }

    // ---- Admin actions: permission and antiforgery on every one ----

    private const BindingFlags ActionFlags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly;

    private static string ParameterTypes(MethodInfo method, string separator) =>
        string.Join(separator, method.GetParameters().Select(p => p.ParameterType.Name));

    public static IEnumerable<TestCaseData> AdminActions() =>
        new[] { typeof(AlipayPlusConfigurationController), typeof(AlipayPlusOrderController) }
            .SelectMany(controller => controller.GetMethods(ActionFlags)
                .Where(method => !method.IsSpecialName && method.GetCustomAttribute<NonActionAttribute>() is null)
                .Select(method => new TestCaseData(controller, method.Name, ParameterTypes(method, ","))
                    .SetArgDisplayNames($"{controller.Name}.{method.Name}({ParameterTypes(method, ", ")})")));

    [TestCaseSource(nameof(AdminActions))]
    public void An_admin_action_checks_the_permission_and_the_antiforgery_token(Type controller, string action,
        string parameters)
    {
        var method = controller.GetMethods(ActionFlags)
            .Single(m => m.Name == action && ParameterTypes(m, ",") == parameters);

        Assert.That(method.GetCustomAttributes<CheckPermissionAttribute>(), Is.Not.Empty,
            $"{controller.Name}.{action} has no CheckPermission");
        Assert.That(controller.GetCustomAttribute<AuthorizeAdminAttribute>(), Is.Not.Null,
            $"{controller.Name} is not admin-only");
        var antiforgery = controller.GetCustomAttribute<AutoValidateAntiforgeryTokenAttribute>() is not null
            || method.GetCustomAttribute<AutoValidateAntiforgeryTokenAttribute>() is not null
            || method.GetCustomAttribute<ValidateAntiForgeryTokenAttribute>() is not null;
        Assert.That(antiforgery, Is.True, $"{controller.Name}.{action} does not validate the antiforgery token");
        Assert.That(method.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>()
            ?? controller.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>(), Is.Null,
            $"{controller.Name}.{action} switches antiforgery off");
    }

    // ---- WooshPay answers that are not what they should be, through the real client ----

    [TestCase("an answer that is not JSON", "not a PaymentIntent")]
    [TestCase("a 200 answer without the intent's id", "has no 'id'")]
    [TestCase("a 200 answer without the intent's status", "has no 'status'")]
    [TestCase("an error answer that quotes the secret key", "HTTP 400")]
    public async Task A_malformed_gateway_answer_fails_the_start_clearly_and_changes_no_order(string @case,
        string expectedMessage)
    {
        _wooshPay.CreateAnswer = @case switch
        {
            "an answer that is not JSON" => () => ScriptedWooshPay.Text(HttpStatusCode.OK,
                "<html><body>Service temporarily unavailable</body></html>"),
            "a 200 answer without the intent's id" => () => ScriptedWooshPay.Json(HttpStatusCode.OK,
                """{"object":"payment_intent","status":"requires_action","amount":78000,"currency":"hkd"}"""),
            "a 200 answer without the intent's status" => () => ScriptedWooshPay.Json(HttpStatusCode.OK,
                """{"id":"pi_new","object":"payment_intent","amount":78000,"currency":"hkd"}"""),
            "an error answer that quotes the secret key" => () => ScriptedWooshPay.Json(HttpStatusCode.BadRequest,
                new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["type"] = "invalid_request_error", ["message"] = $"Key {SecretKey} may not do this"
                    }
                }.ToJsonString()),
            _ => throw new ArgumentOutOfRangeException(nameof(@case))
        };
        var order = PlaceOrder();

        var result = await _shop.Get<ICheckoutPaymentService>().StartAsync(order, "https://shop.example/return");

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.RedirectUrl, Is.Null, "the shopper is sent nowhere");
        Assert.That(result.Error, Does.Contain(expectedMessage));
        Assert.That(_shop.Payments.Rows.Single(p => p.OrderId == order.Id).Status,
            Is.EqualTo(PaymentRecordStatus.CreateFailed));
        AssertNoOrderChangedAndNoSecretLogged();
    }

    [TestCase(PaymentFlow.PaymentIntent, "http://alipay.example/cashier/pay")]
    [TestCase(PaymentFlow.PaymentIntent, "javascript:alert(document.cookie)")]
    [TestCase(PaymentFlow.PaymentIntent, "/relative/cashier")]
    [TestCase(PaymentFlow.CheckoutSession, "http://checkout.example/pay/cs_live_1")]
    public async Task A_live_payment_page_that_is_not_https_is_refused(PaymentFlow flow, string redirectUrl)
    {
        _shop.Settings.SecretKey = LiveKey;
        _shop.Settings.UseTestEnvironment = false;
        _shop.Settings.Flow = flow;
        _wooshPay.CreateAnswer = () => ScriptedWooshPay.Json(HttpStatusCode.OK, flow == PaymentFlow.PaymentIntent
            ? new JsonObject
            {
                ["id"] = "pi_live_1", ["object"] = "payment_intent", ["amount"] = 78000, ["currency"] = "hkd",
                ["status"] = "requires_action", ["livemode"] = true,
                ["next_action"] = new JsonObject
                {
                    ["type"] = "alipayplus_handle_redirect",
                    ["alipayplus_handle_redirect"] = new JsonObject { ["normalUrl"] = redirectUrl }
                }
            }.ToJsonString()
            : new JsonObject
            {
                ["id"] = "cs_live_1", ["object"] = "checkout.session", ["status"] = "open",
                ["payment_status"] = "unpaid", ["livemode"] = true, ["url"] = redirectUrl,
                ["payment_intent"] = "pi_live_2", ["amount_total"] = 78000, ["currency"] = "hkd", ["mode"] = "payment"
            }.ToJsonString());
        var order = PlaceOrder();

        var result = await _shop.Get<ICheckoutPaymentService>().StartAsync(order, "https://shop.example/return");

        Assert.That(result.RedirectUrl, Is.Null, "the shopper is not sent to a non-https payment page");
        Assert.That(result.Error, Does.Contain("not an https address"));
        AssertNoOrderChangedAndNoSecretLogged();
    }

    // ---- helpers ----

    private Order PlaceOrder()
    {
        var order = _shop.PlaceOrder(100m, "HKD", 7.8m);
        _orders.Add(order);
        _before = Snapshot();
        return order;
    }

    private Order PlaceOrderWithAttempt(string intentId, string status)
    {
        var order = _shop.PlaceOrder(100m, "HKD", 7.8m);
        _orders.Add(order);
        _shop.Payments.InsertAsync(new AlipayPlusPayment
        {
            StoreId = order.StoreId, OrderId = order.Id, OrderGuid = order.OrderGuid, Attempt = 1,
            Flow = PaymentFlow.PaymentIntent, Currency = "HKD", AmountMinor = 78000, Status = status,
            PaymentIntentId = intentId, RedirectUrl = $"https://wooshpay.test/hosted/alipayplus/{intentId}",
            CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        }).GetAwaiter().GetResult();
        _wooshPay.Intents[intentId] = Intent(intentId, order, status);
        return order;
    }

    private static JsonObject Intent(string id, Order order, string status)
    {
        var intent = new JsonObject
        {
            ["id"] = id, ["object"] = "payment_intent", ["amount"] = 78000, ["currency"] = "hkd", ["status"] = status,
            ["livemode"] = false,
            ["metadata"] = new JsonObject
            {
                [AttemptMetadata.OrderGuid] = order.OrderGuid.ToString(),
                [AttemptMetadata.OrderId] = order.Id.ToString(),
                [AttemptMetadata.Attempt] = "1"
            }
        };
        if (status == PaymentIntentStatus.Succeeded)
            intent["amount_received"] = 78000;
        return intent;
    }

    private static byte[] EventBody(string id, string type, JsonObject dataObject, bool livemode) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = id, ["object"] = "event", ["api_version"] = "1.0.1",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = dataObject.DeepClone() }, ["livemode"] = livemode,
            ["pending_webhooks"] = 1, ["type"] = type
        }.ToJsonString());

    private static string SignNow(string secret, byte[] body) =>
        GenerateSignatureHeader(body, secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private async Task<(int Status, string Message)> PostWebhookAsync(int storeId, byte[] body, string signature)
    {
        using var scope = _shop.Provider.CreateScope();
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        if (signature is not null)
            http.Request.Headers[WebhookSignatureVerifier.HeaderName] = signature;
        var controller = new AlipayPlusWebhookController(scope.ServiceProvider.GetRequiredService<IWebhookProcessor>())
        {
            ControllerContext = new ControllerContext { HttpContext = http }
        };

        var result = await controller.Webhook(storeId, CancellationToken.None);

        var objectResult = result as ObjectResult;
        Assert.That(objectResult, Is.Not.Null, $"the controller answered {result?.GetType().Name}");
        return (objectResult!.StatusCode ?? 200, objectResult.Value as string);
    }

    private async Task<IActionResult> ReturnAsync(Guid orderGuid, string query)
    {
        using var scope = _shop.Provider.CreateScope();
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.QueryString = new QueryString(query);
        var controller = new AlipayPlusPublicController(scope.ServiceProvider.GetRequiredService<IOrderService>(),
            scope.ServiceProvider.GetRequiredService<IPaymentReturnService>(),
            scope.ServiceProvider.GetRequiredService<IReturnTokenService>(),
            scope.ServiceProvider.GetRequiredService<IStoreContext>(),
            scope.ServiceProvider.GetRequiredService<IWorkContext>(),
            scope.ServiceProvider.GetRequiredService<Nop.Services.Localization.ILanguageService>())
        {
            ControllerContext = new ControllerContext { HttpContext = http }
        };
        return await controller.Return(orderGuid, http.Request.Query["token"], 0, CancellationToken.None);
    }

    private Dictionary<int, string> Snapshot() => _orders.ToDictionary(order => order.Id, order =>
        $"{order.PaymentStatus}|{order.OrderStatus}|{order.RefundedAmount}|{order.CaptureTransactionId}|"
        + $"{order.AuthorizationTransactionId}|{order.PaidDateUtc:O}|{order.Deleted}");

    private void AssertNoOrderChangedAndNoSecretLogged()
    {
        Assert.That(Snapshot(), Is.EqualTo(_before), "an order changed");
        var changing = new[]
        {
            nameof(IOrderProcessingService.MarkOrderAsPaidAsync), nameof(IOrderProcessingService.CancelOrderAsync),
            nameof(IOrderProcessingService.RefundOfflineAsync),
            nameof(IOrderProcessingService.PartiallyRefundOfflineAsync)
        };
        var changes = _shop.OrderProcessing.Invocations.Count(i => changing.Contains(i.Method.Name));
        var expected = _orders.Sum(_shop.MarkedPaidCount);
        Assert.That(changes, Is.EqualTo(expected), "nopCommerce was asked to change an order");

        var lines = _logs.Lines.Concat(_shop.LogLines).Concat(_shop.Notes.Select(note => note.Note)).ToList();
        foreach (var secret in Secrets)
        {
            Assert.That(lines.Where(line => line.Contains(secret, StringComparison.Ordinal)), Is.Empty,
                "a log line or note holds a secret");
        }
    }
}
