using Nop.Core.Configuration;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus;

/// <summary>
/// The plugin's settings, stored per store by nopCommerce.
/// </summary>
public class AlipayPlusSettings : ISettings
{
    public string SecretKey { get; set; }

    public bool UseTestEnvironment { get; set; } = true;

    /// <summary>
    /// Replaces WooshPay's host, e.g. with the local sandbox; empty in production.
    /// </summary>
    public string ApiBaseUrl { get; set; }

    public PaymentFlow Flow { get; set; } = PaymentFlow.PaymentIntent;

    /// <summary>
    /// WEB, WAP or APP as Alipay+ knows them; WooshPay documents WEB.
    /// </summary>
    public string TerminalType { get; set; } = "WEB";

    /// <summary>
    /// Comma-separated presentment currencies the shop allows; empty allows every currency WooshPay supports.
    /// </summary>
    public string AllowedCurrencies { get; set; }

    public decimal AdditionalFee { get; set; }

    public bool AdditionalFeePercentage { get; set; }

    public bool CancelUnpaidOrderOnFailure { get; set; }

    /// <summary>
    /// An order left unpaid this many minutes after it was placed or last retried, with no attempt WooshPay could still
    /// take a payment on, is cancelled and its stock returned; 0 never cancels.
    /// </summary>
    public int CancelUnpaidOrdersAfterMinutes { get; set; } = 60;

    public int WebhookToleranceSeconds { get; set; } = 300;

    public string WebhookSecret { get; set; }

    public string WebhookEndpointId { get; set; }

    /// <summary>
    /// This store's key for the return URL's token (32 random bytes, base64), created on the store's first Alipay+
    /// checkout and never shown. Saved per store: a token of one store does not open another's page.
    /// </summary>
    public string ReturnTokenSecret { get; set; }

    public bool LogGatewayTraffic { get; set; }

    /// <summary>
    /// How far back reconciliation looks for unsettled payments and pending refunds.
    /// </summary>
    public int ReconciliationWindowDays { get; set; } = 3;

    /// <summary>
    /// The most attempts and refunds one reconciliation run asks WooshPay about; the rest wait for the next run.
    /// </summary>
    public int ReconciliationBatchSize { get; set; } = 200;

    /// <summary>
    /// The last attempt the previous reconciliation run reached, so that a backlog larger than one run is
    /// worked through in turn instead of the oldest attempts being asked about every time.
    /// </summary>
    public int ReconciliationCursor { get; set; }
}
