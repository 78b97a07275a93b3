using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Webhooks;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Webhooks;

[TestFixture]
public class WebhookControllerTests
{
    private Mock<IWebhookProcessor> _processor;
    private AlipayPlusWebhookController _controller;
    private DefaultHttpContext _httpContext;

    [SetUp]
    public void SetUp()
    {
        _processor = new Mock<IWebhookProcessor>(MockBehavior.Strict);
        _httpContext = new DefaultHttpContext();
        _controller = new AlipayPlusWebhookController(_processor.Object)
        {
            ControllerContext = new ControllerContext { HttpContext = _httpContext }
        };
    }

    [TearDown]
    public void TearDown() => _controller.Dispose();

    private void Body(byte[] bytes, bool declareLength, bool signed = true)
    {
        _httpContext.Request.Method = "POST";
        if (signed && !_httpContext.Request.Headers.ContainsKey(WebhookSignatureVerifier.HeaderName))
            _httpContext.Request.Headers[WebhookSignatureVerifier.HeaderName] = "t=1,v1=00";
        _httpContext.Request.Body = new MemoryStream(bytes);
        _httpContext.Request.ContentLength = declareLength ? bytes.Length : null;
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_body_over_the_limit_is_refused_with_413_before_anything_reads_it(bool declareLength)
    {
        Body(new byte[AlipayPlusDefaults.WebhookBodyLimitBytes + 1], declareLength);

        var result = await _controller.Webhook(1, CancellationToken.None);

        Assert.That((result as ObjectResult)?.StatusCode, Is.EqualTo(StatusCodes.Status413PayloadTooLarge));
        _processor.VerifyNoOtherCalls();
    }

    [Test]
    public async Task A_body_at_the_limit_is_processed()
    {
        Body(new byte[AlipayPlusDefaults.WebhookBodyLimitBytes], declareLength: false);
        _processor.Setup(p => p.ProcessAsync(1,
            It.Is<byte[]>(b => b.Length == AlipayPlusDefaults.WebhookBodyLimitBytes), It.IsAny<string>(),
            It.IsAny<CancellationToken>()))
            .ReturnsAsync(WebhookResult.Rejected("bad signature"));

        var result = await _controller.Webhook(1, CancellationToken.None);

        Assert.That((result as ObjectResult)?.StatusCode, Is.EqualTo(400));
    }

    [TestCase(200)]
    [TestCase(400)]
    [TestCase(503)]
    public async Task The_raw_bytes_and_the_signature_header_reach_the_processor_and_its_status_is_answered(int status)
    {
        // Whitespace and key order must survive: the signature is over these exact bytes.
        var raw = Encoding.UTF8.GetBytes("{ \"type\":\"payment_intent.succeeded\",  \"id\":\"evt_1\" }\n");
        Body(raw, declareLength: true);
        _httpContext.Request.Headers["Wooshpay-Signature"] = "t=1700000000,v1=abc";
        byte[] received = null;
        string header = null;
        _processor.Setup(p => p.ProcessAsync(3, It.IsAny<byte[]>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((int _, byte[] body, string signature, CancellationToken _) =>
                (received, header) = (body, signature))
            .ReturnsAsync(new WebhookResult(status, "message"));

        var result = await _controller.Webhook(3, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(raw));
            Assert.That(header, Is.EqualTo("t=1700000000,v1=abc"));
            Assert.That((result as ObjectResult)?.StatusCode, Is.EqualTo(status));
            Assert.That((result as ObjectResult)?.Value,
                Is.EqualTo(status == 400 ? AlipayPlusDefaults.WebhookRejectedBody : "message"));
        });
    }

    [Test]
    public void The_webhook_is_exempt_from_antiforgery_and_accepts_only_posts()
    {
        Assert.That(typeof(AlipayPlusWebhookController)
            .GetCustomAttributes(typeof(IgnoreAntiforgeryTokenAttribute), true), Is.Not.Empty);
        Assert.That(typeof(AlipayPlusWebhookController).GetMethod(nameof(AlipayPlusWebhookController.Webhook))!
            .GetCustomAttributes(typeof(HttpPostAttribute), true), Is.Not.Empty);
    }

    [Test]
    public async Task Every_refusal_is_answered_with_the_same_400_whatever_its_reason()
    {
        var bodies = new List<string>();
        foreach (var reason in new[] { "there is no such store", "signature check failed: no v1",
            "the body is not a WooshPay event" })
        {
            Body(Encoding.UTF8.GetBytes("{}"), declareLength: true);
            _processor.Setup(p => p.ProcessAsync(1, It.IsAny<byte[]>(), It.IsAny<string>(),
                It.IsAny<CancellationToken>()))
                .ReturnsAsync(WebhookResult.Rejected(reason));

            var result = (ObjectResult)await _controller.Webhook(1, CancellationToken.None);

            Assert.That(result.StatusCode, Is.EqualTo(400));
            bodies.Add((string)result.Value);
        }

        Assert.That(bodies.Distinct(), Is.EqualTo(new[] { AlipayPlusDefaults.WebhookRejectedBody }));
    }

    [Test]
    public async Task A_delivery_without_a_signature_is_refused_without_reading_its_body()
    {
        var body = new WatchedStream();
        _httpContext.Request.Method = "POST";
        _httpContext.Request.Body = body;
        _processor.Setup(p => p.ProcessAsync(1, It.Is<byte[]>(b => b.Length == 0), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(WebhookResult.Rejected("signature check failed: no header"));

        var result = (ObjectResult)await _controller.Webhook(1, CancellationToken.None);

        Assert.That(result.StatusCode, Is.EqualTo(400));
        Assert.That(body.WasRead, Is.False);
    }

    private sealed class WatchedStream : MemoryStream
    {
        public bool WasRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            WasRead = true;
            return base.Read(buffer, offset, count);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WasRead = true;
            return base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            WasRead = true;
            return base.ReadAsync(buffer, offset, count, cancellationToken);
        }
    }
}
