namespace Nop.Plugin.Payments.AlipayPlus.Webhooks;

/// <summary>
/// The HTTP answer to a webhook delivery: 2xx only when the event is handled or safely ignorable,
/// 4xx for deliveries that must change nothing, 5xx when WooshPay should try again.
/// </summary>
public sealed record WebhookResult(int StatusCode, string Message)
{
    public static WebhookResult Handled(string message) => new(200, message);

    public static WebhookResult Rejected(string message) => new(400, message);

    public static WebhookResult RetryLater(string message) => new(503, message);
}
