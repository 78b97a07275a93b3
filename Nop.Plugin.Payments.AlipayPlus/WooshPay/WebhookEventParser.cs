#nullable enable
using System.Text.Json;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Json;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// Reads a webhook body into a <see cref="WebhookEvent"/>. Verify the signature over the same raw
/// bytes first: parsing never re-serializes, so the bytes that were signed are the bytes read.
/// </summary>
public static class WebhookEventParser
{
    /// <exception cref="WebhookEventFormatException">Not JSON, not an object, or no id or type.</exception>
    public static WebhookEvent Parse(ReadOnlySpan<byte> rawBody)
    {
        if (rawBody.IsEmpty)
            throw new WebhookEventFormatException("The WooshPay webhook body is empty.");

        WebhookEvent? webhookEvent;
        try
        {
            webhookEvent = JsonSerializer.Deserialize(rawBody, WooshPayJsonContext.Default.WebhookEvent);
        }
        catch (JsonException ex)
        {
            throw new WebhookEventFormatException(
                $"The WooshPay webhook body is not an event JSON object: {ex.Message}", ex);
        }

        if (webhookEvent is null)
            throw new WebhookEventFormatException("The WooshPay webhook body is JSON null, not an event.");
        if (string.IsNullOrEmpty(webhookEvent.Id))
            throw new WebhookEventFormatException("The WooshPay webhook event has no id.");
        if (string.IsNullOrEmpty(webhookEvent.Type))
            throw new WebhookEventFormatException($"The WooshPay webhook event {webhookEvent.Id} has no type.");

        return webhookEvent;
    }
}
