using Microsoft.AspNetCore.Http;
using Moq;
using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Services.Orders;
using Nop.Services.Payments;
using NUnit.Framework;

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

        _method = new AlipayPlusPaymentMethod(_checkout.Object, accessor.Object, _world.Languages.Object, _world.Localization.Object, _totals.Object,
            _world.Get<IPresentmentCurrencyResolver>(), _refunds.Object, _world.ScheduleTasks.Object, _world.SettingService.Object,
            _world.StoreContext.Object, webHelper.Object, new Nop.Core.Domain.Cms.WidgetSettings(), _world.Notifications.Object, Mock.Of<IWebhookRegistrar>());
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

    [TestCase(2.5, true, 1.23)]
    [TestCase(5, false, 5)]
    public async Task The_additional_fee_is_calculated_by_nopCommerce_from_the_settings(decimal fee, bool percentage, decimal calculated)
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
    public async Task The_retry_is_offered_only_for_an_open_unpaid_order(PaymentStatus paymentStatus, OrderStatus orderStatus, bool deleted, bool expected)
    {
        var order = new Order { PaymentStatus = paymentStatus, OrderStatus = orderStatus, Deleted = deleted };

        Assert.That(await _method.CanRePostProcessPaymentAsync(order), Is.EqualTo(expected));
    }

    [Test]
    public async Task Post_processing_redirects_to_the_wallet()
    {
        var order = _world.PlaceOrder();
        var returnUrl = $"https://shop.example/Plugins/AlipayPlus/Return/{order.OrderGuid}";
        _checkout.Setup(c => c.StartAsync(order, returnUrl, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PaymentStartResult.RedirectTo("https://cashier.example/pay/1"));

        await _method.PostProcessPaymentAsync(new PostProcessPaymentRequest { Order = order });

        Assert.That(_httpContext.Response.StatusCode, Is.EqualTo(302));
        Assert.That(_httpContext.Response.Headers.Location.ToString(), Is.EqualTo("https://cashier.example/pay/1"));
    }

    [Test]
    public async Task Post_processing_sends_the_shopper_to_the_return_page_when_the_payment_cannot_start()
    {
        var order = _world.PlaceOrder();
        var returnUrl = $"https://shop.example/Plugins/AlipayPlus/Return/{order.OrderGuid}";
        _checkout.Setup(c => c.StartAsync(order, returnUrl, It.IsAny<CancellationToken>()))
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

        Assert.That(_httpContext.Response.Headers.Location.ToString(), Is.EqualTo($"https://shop.example/Plugins/AlipayPlus/Return/{order.OrderGuid}"));
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

        var result = await _method.RefundAsync(new RefundPaymentRequest { Order = order, AmountToRefund = 12.5m, IsPartialRefund = true });

        Assert.That(result, Is.SameAs(expected));
    }
}
