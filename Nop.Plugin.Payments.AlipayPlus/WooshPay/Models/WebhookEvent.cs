#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>
/// One webhook delivery. Events may arrive twice or out of order, so act on the object's current
/// state (or re-fetch it), keyed by <see cref="Id"/>, rather than on the event's arrival.
/// </summary>
public sealed class WebhookEvent
{
    /// <summary>evt_...; the key to drop duplicate deliveries by.</summary>
    public string? Id { get; set; }

    /// <summary>"event".</summary>
    public string? Object { get; set; }

    public string? ApiVersion { get; set; }

    /// <summary>One of <see cref="WebhookEventTypes"/>.</summary>
    public string? Type { get; set; }

    /// <summary>Unix seconds or milliseconds: WooshPay's examples use both; read <see cref="CreatedAt"/>.</summary>
    public long Created { get; set; }

    [JsonIgnore]
    public DateTimeOffset CreatedAt => WooshPayTimestamp.ToDateTimeOffset(Created);

    public bool Livemode { get; set; }

    public int PendingWebhooks { get; set; }

    public WebhookEventData? Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>
    /// data.object as <typeparamref name="T"/> (PaymentIntent, Refund, CheckoutSession...).
    /// Throws <see cref="WebhookEventFormatException"/> when it is absent or does not fit.
    /// </summary>
    public T GetDataObject<T>()
        where T : class
    {
        var element = Data?.Object ?? default;
        if (element.ValueKind != JsonValueKind.Object)
            throw new WebhookEventFormatException($"WooshPay event {Id} ({Type}) carries no data.object.");

        T? result;
        try
        {
            result = element.Deserialize(WooshPayJson.TypeInfo<T>());
        }
        catch (JsonException ex)
        {
            throw new WebhookEventFormatException(
                $"data.object of WooshPay event {Id} ({Type}) is not a {typeof(T).Name}: {ex.Message}", ex);
        }

        if (result is null)
            throw new WebhookEventFormatException($"WooshPay event {Id} ({Type}) carries no data.object.");
        if (result is IWooshPayResponse response && response.FindMissingField() is { } missing)
            throw new WebhookEventFormatException($"data.object of WooshPay event {Id} ({Type}) has no '{missing}'.");

        return result;
    }
}
