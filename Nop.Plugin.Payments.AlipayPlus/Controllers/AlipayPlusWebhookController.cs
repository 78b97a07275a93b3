using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Controllers;

/// <summary>
/// Receives WooshPay's webhooks for one store; the answer's status tells WooshPay whether to deliver again.
/// </summary>
[IgnoreAntiforgeryToken]
public class AlipayPlusWebhookController : Controller
{
    private readonly IWebhookProcessor _webhookProcessor;

    public AlipayPlusWebhookController(IWebhookProcessor webhookProcessor)
    {
        _webhookProcessor = webhookProcessor;
    }

    [HttpPost]
    public async Task<IActionResult> Webhook(int storeId, CancellationToken cancellationToken)
    {
        var body = await RawBodyReader.ReadAsync(Request, AlipayPlusDefaults.WebhookBodyLimitBytes, cancellationToken);
        if (body is null)
            return StatusCode(StatusCodes.Status413PayloadTooLarge, "the body exceeds the webhook size limit");

        var result = await _webhookProcessor.ProcessAsync(storeId, body, Request.Headers[WebhookSignatureVerifier.HeaderName], cancellationToken);
        return StatusCode(result.StatusCode, result.Message);
    }
}
