using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus;

/// <summary>
/// Names, routes and limits of the plugin in one place.
/// </summary>
public static class AlipayPlusDefaults
{
    public const string SystemName = "Payments.AlipayPlus";

    /// <summary>
    /// Where a live shopper may be sent to pay: WooshPay's hosted checkout and the Alipay+ (and Alipay) cashier, a
    /// domain or any of its subdomains.
    /// </summary>
    /// <summary>The one answer to every refused webhook delivery,
    /// whatever the reason (which only the log holds).</summary>
    public const string WebhookRejectedBody = "rejected";

    /// <summary>The longest "cancel orders left unpaid after" the configuration page takes: a week.</summary>
    public const int MaxCancelUnpaidOrdersAfterMinutes = 7 * 24 * 60;

    /// <summary>
    /// How long after an attempt opened it is closed at WooshPay as abandoned: the Alipay+ cashier's 10 minutes, plus a
    /// grace for a shopper who opened the hosted checkout late or whose wallet is still confirming.
    /// </summary>
    public static readonly TimeSpan AbandonAttemptAfter = TimeSpan.FromMinutes(10 + 20);

    public static readonly IReadOnlyList<string> LivePaymentPageDomains =
        ["wooshpay.com", "alipayplus.com", "alipay.com"];

    public const string ViewsPath = "~/Plugins/Payments.AlipayPlus/Views/";

    public const string LocaleResourcePrefix = "Plugins.Payments.AlipayPlus.";

    // Gateway events are a few kilobytes; anything far larger is not WooshPay talking.
    public const int WebhookBodyLimitBytes = 256 * 1024;

    public const string WebhookApiVersion = "1.0.1";

    /// <summary>
    /// How long an uninstall (at the application's restart) waits for WooshPay to delete the webhook endpoints.
    /// </summary>
    public static readonly TimeSpan UninstallGatewayDeadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Events the plugin acts on that are on WooshPay's documented event list: the webhook endpoint is registered with
    /// these at least.
    /// </summary>
    public static readonly IReadOnlyList<string> DocumentedWebhookEvents =
    [
        WebhookEventTypes.PaymentIntentSucceeded,
        WebhookEventTypes.PaymentIntentPaymentFailed,
        WebhookEventTypes.PaymentIntentCanceled,
        WebhookEventTypes.ChargeRefundUpdated,
        WebhookEventTypes.ChargeDisputeUpdated
    ];

    /// <summary>
    /// Events the plugin acts on that WooshPay's event list does not name: asked for only if WooshPay accepts them.
    /// Without them a Checkout Session payment is still confirmed by its intent's events and by reconciliation.
    /// </summary>
    public static readonly IReadOnlyList<string> UndocumentedWebhookEvents =
    [
        WebhookEventTypes.CheckoutSessionCompleted,
        WebhookEventTypes.CheckoutSessionExpired
    ];

    /// <summary>
    /// Every event the plugin acts on.
    /// </summary>
    public static readonly IReadOnlyList<string> HandledWebhookEvents =
        [.. DocumentedWebhookEvents, .. UndocumentedWebhookEvents];

    public static class ReconciliationTask
    {
        public const string Name = "Alipay+ (WooshPay) reconciliation";

        public const string Type =
            "Nop.Plugin.Payments.AlipayPlus.Services.ReconciliationTask, Nop.Plugin.Payments.AlipayPlus";

        public const int DefaultIntervalSeconds = 10 * 60;
    }

    /// <summary>
    /// Route names and paths. The paths are also built into URLs handed to others (the return URL WooshPay sends the
    /// shopper to, the webhook URL registered with WooshPay), so the route map and those URLs read the same constants.
    /// </summary>
    public static class Route
    {
        public const string Configuration = "Plugin.Payments.AlipayPlus.Configure";

        public const string ConfigurationPath = "Admin/AlipayPlus/Configure";

        public const string Return = "Plugin.Payments.AlipayPlus.Return";

        /// <summary>Followed by the order's GUID.</summary>
        public const string ReturnPath = "Plugins/AlipayPlus/Return/";

        public const string ReturnState = "Plugin.Payments.AlipayPlus.ReturnState";

        /// <summary>Followed by the order's GUID; the return page polls it.</summary>
        public const string ReturnStatePath = "Plugins/AlipayPlus/ReturnState/";

        public const string Webhook = "Plugin.Payments.AlipayPlus.Webhook";

        /// <summary>Followed by the store id (0: the configuration shared by all stores).</summary>
        public const string WebhookPath = "Plugins/AlipayPlus/Webhook/";
    }
}
