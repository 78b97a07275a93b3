using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Checkout.Flows;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Plugin.Payments.AlipayPlus.Settlement;
using Nop.Plugin.Payments.AlipayPlus.Webhooks;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Infrastructure;

/// <summary>
/// The plugin's services, registered once here so the store and the integration tests wire them the same way.
/// </summary>
public static class AlipayPlusServiceCollectionExtensions
{
    public static IServiceCollection AddAlipayPlusServices(this IServiceCollection services)
    {
        services.AddWooshPayClient(options => options.UserAgent = "nopCommerce-AlipayPlus-WooshPay/1.0");

        services.AddScoped<ClaimStore>();
        services.AddScoped<IPaymentRecordStore, PaymentRecordStore>();
        services.AddScoped<RefundRecordStore>();
        services.AddScoped<OrderNoteWriter>();
        services.AddScoped<IOrderPaymentLock, OrderPaymentLock>();
        services.AddScoped<IPresentmentCurrencyResolver, PresentmentCurrencyResolver>();

        services.AddScoped<IPaymentFlow, PaymentIntentFlow>();
        services.AddScoped<IPaymentFlow, CheckoutSessionFlow>();
        services.AddScoped<PaymentSettlement>();
        services.TryAddSingleton(new CheckoutPaymentOptions());
        services.AddScoped<ICheckoutPaymentService, CheckoutPaymentService>();
        services.AddScoped<IPaymentReturnService, PaymentReturnService>();
        services.AddSingleton<ReturnLookThrottle>();
        services.AddScoped<IReturnTokenService, ReturnTokenService>();

        services.AddScoped<IRefundService, RefundService>();
        services.AddScoped<RefundSettlement>();
        services.AddScoped<AcceptedRefunds>();
        // nopCommerce registers OrderRefundedConsumer itself, as it does every IConsumer<T> it finds.

        services.AddScoped<IWebhookEventHandler, AttemptEventHandler>();
        services.AddScoped<IWebhookEventHandler, RefundEventHandler>();
        services.AddScoped<IWebhookEventHandler, DisputeEventHandler>();
        services.AddScoped<IWebhookProcessor, WebhookProcessor>();
        services.AddSingleton<WebhookRejectionLog>();
        services.AddScoped<IWebhookUrlProvider, WebhookUrlProvider>();
        services.AddScoped<IWebhookRegistrar, WebhookRegistrar>();
        services.AddScoped<IConnectionChecker, ConnectionChecker>();
        services.AddScoped<IOrderReconciler, OrderReconciler>();
        services.AddScoped<AbandonedAttemptCloser>();
        services.AddScoped<UnpaidOrderCanceller>();
        services.AddScoped<ReconciliationService>();
        services.AddScoped<ReconciliationTask>();

        return services;
    }
}
