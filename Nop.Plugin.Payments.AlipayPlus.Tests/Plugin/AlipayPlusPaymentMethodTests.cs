using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using NUnit.Framework;
using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Components.Public;
using Nop.Plugin.Payments.AlipayPlus.Models.Public;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Services.Orders;
using Nop.Services.Payments;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Plugin;

[TestFixture]
public class AlipayPlusPaymentMethodTests
{
    private ShopWorld _world;
    private Mock<ICheckoutPaymentService> _checkout;
    private Mock<IOrderTotalCalculationService> _totals;
    private Mock<IRefundService> _refunds;
    private DefaultHttpContext _httpContext;
    private AlipayPlusPaymentMethod _method;

    [SetUp]
    public void SetUp()
    {
        _world = new ShopWorld();
        _checkout = new Mock<ICheckoutPaymentService>(MockBehavior.Strict);
        _totals = new Mock<IOrderTotalCalculationService>();
        _refunds = new Mock<IRefundService>(MockBehavior.Strict);
        _httpContext = new DefaultHttpContext();
        var accessor = new Mock<IHttpContextAccessor>();
        accessor.Setup(a => a.HttpContext).Returns(_httpContext);
        var webHelper = new Mock<IWebHelper>();
        webHelper.Setup(w => w.GetStoreLocation(It.IsAny<bool?>())).Returns("https://shop.example/");

        _method = new AlipayPlusPaymentMethod(_checkout.Object, accessor.Object, _world.Languages.Object,
            _world.Localization.Object, _totals.Object,
            _world.Get<IPresentmentCurrencyResolver>(), _refunds.Object, _world.Get<IReturnTokenService>(),
            _world.ScheduleTasks.Object, _world.SettingService.Object,
            _world.StoreContext.Object, webHelper.Object, new Nop.Core.Domain.Cms.WidgetSettings(),
            _world.Notifications.Object, Mock.Of<IWebhookRegistrar>());
    }

    [TearDown]
    public void TearDown() => _world.Dispose();

    [Test]
    public async Task The_method_is_offered_when_configured_and_the_currency_is_supported()
    {
        _world.WorkingCurrency = "HKD";

        Assert.That(await _method.HidePaymentMethodAsync(new List<ShoppingCartItem>()), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public async Task The_method_is_hidden_without_a_secret_key(string key)
    {
        _world.Settings.SecretKey = key;

        Assert.That(await _method.HidePaymentMethodAsync(new List<ShoppingCartItem>()), Is.True);
    }

    [Test]
    public async Task The_method_is_hidden_when_neither_the_working_nor_the_primary_currency_is_supported()
    {
        _world.WorkingCurrency = "EUR"; // and the primary currency is USD

        Assert.That(await _method.HidePaymentMethodAsync(new List<ShoppingCartItem>()), Is.True);
    }

    [Test]
    public async Task The_method_is_hidden_when_the_owner_excluded_the_shoppers_currency()
    {
        _world.WorkingCurrency = "HKD";
        _world.Settings.AllowedCurrencies = "THB";

        Assert.That(await _method.HidePaymentMethodAsync(new List<ShoppingCartItem>()), Is.True);
    }

    // HKD at 7.8: AlipayHK takes HKD 0.01 to 50,000 in one payment (shared/wooshpay-api-facts.md).
    [TestCase("HKD", 7.8, 6410.25, false, TestName = "A_cart_of_HKD_49999_95_is_offered")]
    [TestCase("HKD", 7.8, 6410.26, true, TestName = "A_cart_of_HKD_50000_03_is_hidden")]
    // IDR at 16,000: DANA takes IDR 300 to 10,000,000.
    [TestCase("IDR", 16000, 0.01, true, TestName = "A_cart_of_IDR_160_is_hidden")]
    [TestCase("IDR", 16000, 0.02, false, TestName = "A_cart_of_IDR_320_is_offered")]
    [TestCase("IDR", 16000, 625, false, TestName = "A_cart_of_IDR_10000000_is_offered")]
    [TestCase("IDR", 16000, 625.01, true, TestName = "A_cart_of_IDR_10000160_is_hidden")]
    // PHP at 58: BPI stops at 50,000 a day, GCash at 100,000, Akulaku PayLater states no cap.
    [TestCase("PHP", 58, 2000, false, TestName = "A_cart_of_PHP_116000_is_offered_for_Akulaku_PayLater")]
    public async Task The_method_is_hidden_when_no_wallet_of_the_currency_takes_the_carts_total(string currency,
        decimal rate, decimal cartTotal, bool hidden)
    {
        _world.WorkingCurrency = currency;
        _world.WorkingCurrencyRate = rate;
        _world.SetCartTotal(cartTotal);

        Assert.That(await _method.HidePaymentMethodAsync(new List<ShoppingCartItem> { new() { Id = 1 } }),
            Is.EqualTo(hidden));
    }

    [Test]
    public async Task The_methods_own_fee_counts_towards_the_limit()
    {
        _world.WorkingCurrency = "HKD";
        _world.WorkingCurrencyRate = 7.8m;
        _world.SetCartTotal(6410.20m);
        _world.Settings.AdditionalFee = 0.06m;
        _world.OrderTotals.Setup(t => t.CalculatePaymentAdditionalFeeAsync(It.IsAny<IList<ShoppingCartItem>>(), 0.06m,
            false)).ReturnsAsync(0.06m);

        Assert.That(await _method.HidePaymentMethodAsync(new List<ShoppingCartItem> { new() { Id = 1 } }), Is.True,
            "HKD 49,999.56 + 0.47 fee");
    }

    [Test]
    public async Task A_cart_nopCommerce_cannot_total_yet_is_judged_by_its_currency_alone()
    {
        _world.WorkingCurrency = "HKD";
        _world.SetCartTotal(null);

        Assert.That(await _method.HidePaymentMethodAsync(new List<ShoppingCartItem> { new() { Id = 1 } }), Is.False);
    }

    [TestCase(2.5, true, 1.23)]
    [TestCase(5, false, 5)]
    public async Task The_additional_fee_is_calculated_by_nopCommerce_from_the_settings(decimal fee, bool percentage,
        decimal calculated)
    {
        _world.Settings.AdditionalFee = fee;
        _world.Settings.AdditionalFeePercentage = percentage;
        var cart = new List<ShoppingCartItem> { new() { Id = 1 } };
        _totals.Setup(t => t.CalculatePaymentAdditionalFeeAsync(cart, fee, percentage)).ReturnsAsync(calculated);

        var result = await _method.GetAdditionalHandlingFeeAsync(cart);

        Assert.That(result, Is.EqualTo(calculated));
        _totals.Verify(t => t.CalculatePaymentAdditionalFeeAsync(cart, fee, percentage), Times.Once);
    }

    [TestCase(PaymentStatus.Pending, OrderStatus.Pending, false, true)]
    [TestCase(PaymentStatus.Paid, OrderStatus.Processing, false, false)]
    [TestCase(PaymentStatus.Refunded, OrderStatus.Complete, false, false)]
    [TestCase(PaymentStatus.Pending, OrderStatus.Cancelled, false, false)]
    [TestCase(PaymentStatus.Pending, OrderStatus.Pending, true, false)]
    public async Task The_retry_is_offered_only_for_an_open_unpaid_order(PaymentStatus paymentStatus,
        OrderStatus orderStatus, bool deleted, bool expected)
    {
        var order = new Order { PaymentStatus = paymentStatus, OrderStatus = orderStatus, Deleted = deleted };

        Assert.That(await _method.CanRePostProcessPaymentAsync(order), Is.EqualTo(expected));
    }

    [Test]
    public async Task Post_processing_redirects_to_the_wallet()
    {
        var order = _world.PlaceOrder();
        string returnUrl = null;
        _checkout.Setup(c => c.StartAsync(order, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((Order _, string url, CancellationToken _) => returnUrl = url)
            .ReturnsAsync(PaymentStartResult.RedirectTo("https://cashier.example/pay/1"));

        await _method.PostProcessPaymentAsync(new PostProcessPaymentRequest { Order = order });

        Assert.That(_httpContext.Response.StatusCode, Is.EqualTo(302));
        Assert.That(_httpContext.Response.Headers.Location.ToString(), Is.EqualTo("https://cashier.example/pay/1"));
        Assert.That(returnUrl,
            Does.StartWith($"https://shop.example/Plugins/AlipayPlus/Return/{order.OrderGuid}?token="));
    }

    [Test]
    public async Task The_return_url_carries_a_token_that_opens_this_order_in_its_store_only()
    {
        var order = _world.PlaceOrder();
        string returnUrl = null;
        _checkout.Setup(c => c.StartAsync(order, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((Order _, string url, CancellationToken _) => returnUrl = url)
            .ReturnsAsync(PaymentStartResult.RedirectTo("https://cashier.example/pay/1"));

        await _method.PostProcessPaymentAsync(new PostProcessPaymentRequest { Order = order });

        var token = Uri.UnescapeDataString(new Uri(returnUrl).Query["?token=".Length..]);
        var tokens = _world.Get<IReturnTokenService>();
        Assert.That((await tokens.ReadAsync(token, order.StoreId))?.OrderId, Is.EqualTo(order.Id));
        Assert.That(await tokens.ReadAsync(token, order.StoreId + 1), Is.Null);
    }

    [Test]
    public async Task Post_processing_sends_the_shopper_to_the_return_page_when_the_payment_cannot_start()
    {
        var order = _world.PlaceOrder();
        string returnUrl = null;
        _checkout.Setup(c => c.StartAsync(order, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((Order _, string url, CancellationToken _) => returnUrl = url)
            .ReturnsAsync(PaymentStartResult.Failed("WooshPay refused"));

        await _method.PostProcessPaymentAsync(new PostProcessPaymentRequest { Order = order });

        Assert.That(_httpContext.Response.StatusCode, Is.EqualTo(302));
        Assert.That(_httpContext.Response.Headers.Location.ToString(), Is.EqualTo(returnUrl));
    }

    [Test]
    public async Task Post_processing_of_a_settled_order_shows_the_return_page()
    {
        var order = _world.PlaceOrder();
        _checkout.Setup(c => c.StartAsync(order, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(PaymentStartResult.ShowReturnPage());

        await _method.PostProcessPaymentAsync(new PostProcessPaymentRequest { Order = order });

        Assert.That(_httpContext.Response.Headers.Location.ToString(),
            Does.StartWith($"https://shop.example/Plugins/AlipayPlus/Return/{order.OrderGuid}?token="));
    }

    [Test]
    public async Task Placing_the_order_leaves_it_pending()
    {
        var result = await _method.ProcessPaymentAsync(new ProcessPaymentRequest());

        Assert.That(result.Success, Is.True);
        Assert.That(result.NewPaymentStatus, Is.EqualTo(PaymentStatus.Pending));
    }

    [Test]
    public async Task Refunds_are_passed_to_the_refund_service_as_nopCommerce_asks_for_them()
    {
        var order = _world.PlaceOrder();
        var expected = new RefundPaymentResult { NewPaymentStatus = PaymentStatus.PartiallyRefunded };
        _refunds.Setup(r => r.RefundAsync(order, 12.5m, true)).ReturnsAsync(expected);

        var result = await _method.RefundAsync(
            new RefundPaymentRequest { Order = order, AmountToRefund = 12.5m, IsPartialRefund = true });

        Assert.That(result, Is.SameAs(expected));
    }

    [TestCase(800, new[] { "GCash", "BPI", "Akulaku PayLater" },
        TestName = "The_payment_info_step_lists_every_PHP_wallet_for_PHP_46400")]
    [TestCase(862.07, new[] { "GCash", "Akulaku PayLater" },
        TestName = "The_payment_info_step_leaves_out_BPI_above_PHP_50000")]
    [TestCase(2000, new[] { "Akulaku PayLater" },
        TestName = "The_payment_info_step_lists_only_Akulaku_PayLater_above_PHP_100000")]
    public async Task The_payment_info_step_lists_only_the_wallets_that_take_the_carts_total(decimal cartTotal,
        string[] wallets)
    {
        var model = await PaymentInfoAsync("PHP", 58m, cartTotal);

        Assert.That(model.CurrencyCode, Is.EqualTo("PHP"));
        Assert.That(model.Wallets, Is.EqualTo(wallets));
    }

    [Test]
    public async Task The_payment_info_step_says_why_when_no_wallet_takes_the_total()
    {
        var model = await PaymentInfoAsync("HKD", 7.8m, 6410.26m);

        Assert.That(model.Wallets, Is.Empty);
        Assert.That(model.Amount, Is.EqualTo("50000.03"));
        Assert.That(Nop.Plugin.Payments.AlipayPlus.Infrastructure.LocaleResources.English[
                "Plugins.Payments.AlipayPlus.PaymentInfo.OutsideLimits"],
            Does.Contain("{0} {1}"));
    }

    private async Task<Nop.Plugin.Payments.AlipayPlus.Models.Public.PaymentInfoModel> PaymentInfoAsync(string currency,
        decimal rate, decimal cartTotal)
    {
        _world.WorkingCurrency = currency;
        _world.WorkingCurrencyRate = rate;
        _world.SetCartTotal(cartTotal);
        var cart = new List<ShoppingCartItem> { new() { Id = 1 } };
        _world.ShoppingCarts.Setup(s => s.GetShoppingCartAsync(_world.CurrentCustomer, ShoppingCartType.ShoppingCart, 1,
            null, null, null, null))
            .ReturnsAsync(cart);

        var component = Microsoft.Extensions.DependencyInjection.ActivatorUtilities
            .CreateInstance<Nop.Plugin.Payments.AlipayPlus.Components.Public.PaymentInfoViewComponent>(
                _world.Provider.CreateScope().ServiceProvider);
        var result = (Microsoft.AspNetCore.Mvc.ViewComponents.ViewViewComponentResult)await component.InvokeAsync();
        return (Nop.Plugin.Payments.AlipayPlus.Models.Public.PaymentInfoModel)result.ViewData!.Model;
    }
}
