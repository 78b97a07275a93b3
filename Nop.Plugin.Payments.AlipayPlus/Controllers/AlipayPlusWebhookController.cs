using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Payments.AlipayPlus.Webhooks;
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
        // Without a signature nothing can be accepted: the body is not even read.
        string signature = Request.Headers[WebhookSignatureVerifier.HeaderName];
        var body = string.IsNullOrEmpty(signature)
            ? []
            : await RawBodyReader.ReadAsync(Request, AlipayPlusDefaults.WebhookBodyLimitBytes, cancellationToken);
        if (body is null)
            return StatusCode(StatusCodes.Status413PayloadTooLarge, "the body exceeds the webhook size limit");

        var result = await _webhookProcessor.ProcessAsync(storeId, body, signature, cancellationToken);

        // A refusal tells the sender nothing (no store, no secret, bad signature, not an event all read alike); the
        // reason is in the store's log.
        return StatusCode(result.StatusCode,
            result.StatusCode == StatusCodes.Status400BadRequest
                ? AlipayPlusDefaults.WebhookRejectedBody
                : result.Message);
    }
}
