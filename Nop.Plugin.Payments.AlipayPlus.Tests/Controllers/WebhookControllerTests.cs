using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Services;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Controllers;

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

    private void Body(byte[] bytes, bool declareLength)
    {
        _httpContext.Request.Method = "POST";
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
        _processor.Setup(p => p.ProcessAsync(1, It.Is<byte[]>(b => b.Length == AlipayPlusDefaults.WebhookBodyLimitBytes), It.IsAny<string>(), It.IsAny<CancellationToken>()))
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
            .Callback((int _, byte[] body, string signature, CancellationToken _) => (received, header) = (body, signature))
            .ReturnsAsync(new WebhookResult(status, "message"));

        var result = await _controller.Webhook(3, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(raw));
            Assert.That(header, Is.EqualTo("t=1700000000,v1=abc"));
            Assert.That((result as ObjectResult)?.StatusCode, Is.EqualTo(status));
            Assert.That((result as ObjectResult)?.Value, Is.EqualTo("message"));
        });
    }

    [Test]
    public void The_webhook_is_exempt_from_antiforgery_and_accepts_only_posts()
    {
        Assert.That(typeof(AlipayPlusWebhookController).GetCustomAttributes(typeof(IgnoreAntiforgeryTokenAttribute), true), Is.Not.Empty);
        Assert.That(typeof(AlipayPlusWebhookController).GetMethod(nameof(AlipayPlusWebhookController.Webhook))!
            .GetCustomAttributes(typeof(HttpPostAttribute), true), Is.Not.Empty);
    }
}
