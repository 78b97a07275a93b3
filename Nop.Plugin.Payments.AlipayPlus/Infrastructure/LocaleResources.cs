namespace Nop.Plugin.Payments.AlipayPlus.Infrastructure;

/// <summary>
/// The plugin's texts, installed into nopCommerce's locale resources so a shop can translate them.
/// </summary>
public static class LocaleResources
{
    private const string P = AlipayPlusDefaults.LocaleResourcePrefix;

    public static IReadOnlyDictionary<string, string> English { get; } = new Dictionary<string, string>
    {
        [P + "PaymentMethodDescription"] = "Pay with an Alipay+ wallet (AlipayHK, DANA, Touch 'n Go, GCash and more)",
        [P + "PaymentInfo.Redirect"] = "After you place the order you will be taken to the Alipay+ page to pay in {0} with your wallet.",
        [P + "PaymentInfo.Wallets"] = "Wallets for {0}",
        [P + "PaymentInfo.Unavailable"] = "Alipay+ cannot take payments in this currency.",
        [P + "PaymentInfo.OutsideLimits"] = "Alipay+ cannot take this order: {0} {1} is outside what the wallets for {1} accept in one payment.",

        [P + "Fields.SecretKey"] = "Secret key",
        [P + "Fields.SecretKey.Hint"] = "Your WooshPay secret key (sk_test_... or sk_live_...). It is stored and never shown again in full.",
        [P + "Fields.SecretKey.Invalid"] = "A WooshPay secret key starts with sk_test_ or sk_live_.",
        [P + "Fields.SecretKey.Mode"] = "This key does not fit the chosen environment: use a sk_test_ key with the test environment and a sk_live_ key without it.",
        [P + "Fields.UseTestEnvironment"] = "Use test environment",
        [P + "Fields.UseTestEnvironment.Hint"] = "Send requests to WooshPay's test host. Payments there move no money.",
        [P + "Fields.ApiBaseUrl"] = "API base URL",
        [P + "Fields.ApiBaseUrl.Hint"] = "Leave empty to use WooshPay. Set it only to use a local WooshPay sandbox (e.g. http://127.0.0.1:12111).",
        [P + "Fields.ApiBaseUrl.Invalid"] = "Enter an absolute http or https URL, or leave it empty.",
        [P + "Fields.ApiBaseUrl.TestOnly"] = "Another API base URL can be used only in the test environment with a sk_test_ key; a live store talks to WooshPay's live host.",
        [P + "Fields.SecretKey.Reenter"] = "Enter the secret key again to change the API base URL or the environment.",
        [P + "Fields.Flow"] = "Payment flow",
        [P + "Fields.Flow.Hint"] = "PaymentIntent sends the shopper straight to the Alipay+ cashier; Checkout Session shows WooshPay's hosted checkout with the order lines.",
        [P + "Fields.TerminalType"] = "Terminal type",
        [P + "Fields.TerminalType.Hint"] = "WEB for browsers (WooshPay documents WEB); WAP and APP as Alipay+ knows them.",
        [P + "Fields.AllowedCurrencies"] = "Presentment currencies",
        [P + "Fields.AllowedCurrencies.Hint"] = "The currencies in which Alipay+ is offered. None selected offers every currency WooshPay supports: CNY, HKD, GBP, IDR, MYR, PHP, THB.",
        [P + "Fields.AdditionalFee"] = "Additional fee",
        [P + "Fields.AdditionalFee.Hint"] = "A fee added to orders paid with Alipay+.",
        [P + "Fields.TerminalType.Invalid"] = "Choose WEB, WAP or APP.",
        [P + "Fields.AdditionalFee.Invalid"] = "The additional fee cannot be negative.",
        [P + "Fields.AdditionalFeePercentage"] = "Additional fee. Use percentage",
        [P + "Fields.AdditionalFeePercentage.Hint"] = "Apply the additional fee as a percentage of the order total.",
        [P + "Fields.CancelUnpaidOrderOnFailure"] = "Cancel unpaid orders when the payment fails",
        [P + "Fields.CancelUnpaidOrderOnFailure.Hint"] = "Otherwise a failed or cancelled payment leaves the order pending so the shopper can retry.",
        [P + "Fields.CancelUnpaidOrdersAfterMinutes"] = "Cancel orders left unpaid after (minutes)",
        [P + "Fields.CancelUnpaidOrdersAfterMinutes.Hint"] = "An order with no Alipay+ payment this many minutes after it was placed or last retried is cancelled and its stock returned, once WooshPay can no longer take a payment for it. 0 never cancels.",
        [P + "Fields.CancelUnpaidOrdersAfterMinutes.Invalid"] = "Enter a number of minutes between 0 (never) and 10080 (a week).",
        [P + "Fields.WebhookToleranceSeconds"] = "Webhook tolerance (seconds)",
        [P + "Fields.WebhookToleranceSeconds.Hint"] = "How old a signed webhook may be before it is refused.",
        [P + "Fields.WebhookToleranceSeconds.Invalid"] = "Enter a tolerance between 30 and 3600 seconds.",
        [P + "Fields.LogGatewayTraffic"] = "Log gateway traffic",
        [P + "Fields.LogGatewayTraffic.Hint"] = "Write each WooshPay request (method, path, status, duration; never keys) to the log.",
        [P + "Fields.WebhookUrl"] = "Webhook URL",
        [P + "Fields.WebhookEndpointId"] = "Webhook endpoint",

        [P + "Configuration.Instructions"] = "Enter the secret key from your WooshPay dashboard, save, check the connection, then register the webhook so payments are confirmed even if the shopper closes the browser.",
        [P + "Configuration.WebhookNotRegistered"] = "No webhook is registered for this store yet.",
        [P + "Configuration.UninstallNotice"] = "Alipay+ (WooshPay) keeps its payment and refund history when uninstalled, so a reinstall can still refund those orders. At the restart it deletes this shop's webhook endpoints at WooshPay; if WooshPay cannot be reached then, a warning in System → Log names the endpoint to delete in WooshPay's dashboard.",
        [P + "Configuration.CheckConnection"] = "Check connection",
        [P + "Configuration.RegisterWebhook"] = "Register webhook",
        [P + "Configuration.SaveFirst"] = "Save the settings first; the checks use the saved key.",

        [P + "Order.Note.Created"] = "Alipay+ payment {0} created: {1} {2}, attempt {3}.",
        [P + "Order.Note.GatewayError"] = "Alipay+ payment could not be started: {0}",
        [P + "Order.Note.Paid"] = "Alipay+ payment {0} succeeded: {1} {2} ({3}).",
        [P + "Order.Note.Failed"] = "Alipay+ payment {0} failed: {1}",
        [P + "Order.Note.Canceled"] = "Alipay+ payment {0} was cancelled ({1}).",
        [P + "Order.Note.Abandoned"] = "Alipay+ payment {0} (attempt {1}) was closed at WooshPay: it was left unpaid after its payment page expired.",
        [P + "Order.Note.UnpaidCanceled"] = "Alipay+ cancelled order {0} as left unpaid: no payment arrived within {1} minutes. Its stock was returned.",
        [P + "Order.Note.Mismatch"] = "Alipay+ payment {0} was NOT applied: {1}",
        [P + "Order.Note.ExtraPayment"] = "Alipay+ payment {0} of {1} {2} arrived for an order that was already paid ({3}): the shopper paid twice. Refund the extra payment from the Alipay+ panel of this order.",
        [P + "Order.Note.AmountDiffers"] = "Alipay+ payment {0} does not match the order total: {1} {2} was paid, the order now totals {3} {2}. The order was NOT marked paid. Refund this payment from the Alipay+ panel of this order, or mark the order paid by hand if the difference is accepted.",
        [P + "Order.Note.Refund"] = "Alipay+ refund {0} of {1} {2} sent to WooshPay: {3}.",
        [P + "Order.Note.RefundSucceeded"] = "Alipay+ refund {0} of {1} {2} succeeded.",
        [P + "Order.Note.RefundFailed"] = "Alipay+ refund {0} of {1} {2} FAILED at WooshPay ({3}); the order's refunded amount was reduced by {4} again. The shopper has not been paid back.",
        [P + "Order.Note.DashboardRefund"] = "Alipay+ refund {0} of {1} {2} was made in WooshPay's dashboard and applied to the order.",
        [P + "Order.Note.RefundRecovered"] = "Alipay+ refund {0} of {1} {2} was made at WooshPay but never counted by the shop (its answer was lost or the server stopped); it was applied to the order now.",
        [P + "Order.Note.DisputeUpdated"] = "Alipay+ payment {1} is DISPUTED by the shopper: WooshPay reports dispute {0} of {2} {3}, status {4}, reason {5}. Answer it in WooshPay's dashboard; the order was not changed.",
        [P + "Order.Note.RefundNotApplied"] = "Alipay+ refund {0} of {1} {2} was NOT applied to the order: {3}",

        [P + "Return.Title"] = "Payment for order #{0}",
        [P + "Return.Waiting.Title"] = "Waiting for confirmation from Alipay+",
        [P + "Return.Waiting"] = "This usually takes a few seconds. This page updates by itself.",
        [P + "Return.Paid.Title"] = "Payment received",
        [P + "Return.Paid"] = "Thank you. Your payment for this order has been confirmed.",
        [P + "Return.Failed.Title"] = "Payment failed",
        [P + "Return.Failed"] = "The payment did not go through. Your order is saved, and you can try again.",
        [P + "Return.Canceled.Title"] = "Payment cancelled",
        [P + "Return.Canceled"] = "The payment was cancelled. Your order is saved, and you can try again.",
        [P + "Return.Expired.Title"] = "Payment page expired",
        [P + "Return.Expired"] = "The Alipay+ payment page timed out before the payment was made. Your order is saved, and you can pay for it now.",
        [P + "Return.GatewayError.Title"] = "Payment service unavailable",
        [P + "Return.GatewayError"] = "We could not reach the payment service. Your order is saved; please try again in a moment.",
        [P + "Return.Stopped.Title"] = "Still waiting for confirmation",
        [P + "Return.Stopped"] = "Alipay+ has not confirmed the payment yet. If you have paid, you do not need to pay again: your order will be updated as soon as the payment is confirmed.",
        [P + "Return.CheckAgain"] = "Check again",
        [P + "Return.ContinueShopping"] = "Continue shopping",
        [P + "Return.Retry"] = "Retry payment",
        [P + "Return.ViewOrder"] = "Order details",

        [P + "Refund.NotPaid"] = "This order has no successful Alipay+ payment to refund.",
        [P + "Refund.OutcomeUnknown"] = "The outcome of an earlier refund of this order ({0} {1}) is not known yet. Click \"Sync with WooshPay\" in the Alipay+ panel before refunding again.",
        [P + "Refund.TooLarge"] = "The refund of {0} {1} exceeds what remains refundable ({2} {1}).",

        [P + "Capture.NotSupported"] = "Alipay+ payments are captured automatically.",
        [P + "Void.NotSupported"] = "Alipay+ payments cannot be voided; refund them instead.",
        [P + "Recurring.NotSupported"] = "Alipay+ does not support recurring payments."
    };

    /// <summary>
    /// Simplified Chinese for what shoppers read; admin texts fall back to English.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SimplifiedChinese { get; } = new Dictionary<string, string>
    {
        [P + "PaymentMethodDescription"] = "使用 Alipay+ 钱包付款（AlipayHK、DANA、Touch 'n Go、GCash 等）",
        [P + "PaymentInfo.Redirect"] = "提交订单后，您将跳转到 Alipay+ 页面，使用钱包以 {0} 付款。",
        [P + "PaymentInfo.Wallets"] = "{0} 可用的钱包",
        [P + "PaymentInfo.Unavailable"] = "Alipay+ 不支持以此币种付款。",
        [P + "Return.Title"] = "订单 #{0} 的付款",
        [P + "Return.Waiting.Title"] = "正在等待 Alipay+ 确认",
        [P + "Return.Waiting"] = "通常只需几秒钟，本页面会自动更新。",
        [P + "Return.Paid.Title"] = "付款成功",
        [P + "Return.Paid"] = "谢谢！此订单的付款已确认。",
        [P + "Return.Failed.Title"] = "付款未成功",
        [P + "Return.Failed"] = "付款未成功。您的订单已保存，可以重新付款。",
        [P + "Return.Canceled.Title"] = "付款已取消",
        [P + "Return.Canceled"] = "付款已取消。您的订单已保存，可以重新付款。",
        [P + "Return.Expired.Title"] = "付款页面已过期",
        [P + "Return.Expired"] = "Alipay+ 付款页面在付款完成前已超时。您的订单已保存，现在可以重新付款。",
        [P + "Return.GatewayError.Title"] = "支付服务暂时不可用",
        [P + "Return.GatewayError"] = "暂时无法连接支付服务。您的订单已保存，请稍后重新付款。",
        [P + "Return.Stopped.Title"] = "仍在等待确认",
        [P + "Return.Stopped"] = "Alipay+ 尚未确认这笔付款。如果您已付款，无需再次付款：付款确认后，订单会自动更新。",
        [P + "Return.CheckAgain"] = "再次查询",
        [P + "Return.ContinueShopping"] = "继续购物",
        [P + "Return.Retry"] = "重新付款",
        [P + "Return.ViewOrder"] = "订单详情"
    };
}
