using Microsoft.AspNetCore.Mvc;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Http;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Models.Public;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Checkout;

[TestFixture]
public class PublicControllerTests
{
    private ShopWorld _world;
    private Mock<IPaymentReturnService> _returns;
    private AlipayPlusPublicController _controller;
    private Order _order;

    [SetUp]
    public void SetUp()
    {
        _world = new ShopWorld();
        _returns = new Mock<IPaymentReturnService>(MockBehavior.Strict);
        _controller = new AlipayPlusPublicController(_world.OrderService.Object, _returns.Object,
            _world.Get<IReturnTokenService>(), _world.StoreContext.Object, _world.WorkContext.Object,
            _world.Languages.Object);
        _order = _world.PlaceOrder(); // placed by the current customer (7)
    }

    [TearDown]
    public void TearDown()
    {
        _controller.Dispose();
        _world.Dispose();
    }

    [Test]
    public async Task Another_customers_order_is_not_found()
    {
        _world.CurrentCustomer = new() { Id = 8 };

        var result = await _controller.Return(_order.OrderGuid, null, 0, CancellationToken.None);

        Assert.That(result, Is.InstanceOf<NotFoundResult>());
        _returns.Verify(r => r.GetStateAsync(It.IsAny<Order>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task An_unknown_order_guid_is_not_found()
    {
        var result = await _controller.Return(Guid.NewGuid(), null, 0, CancellationToken.None);

        Assert.That(result, Is.InstanceOf<NotFoundResult>());
    }

    [Test]
    public async Task A_deleted_order_is_not_found()
    {
        _order.Deleted = true;

        Assert.That(await _controller.Return(_order.OrderGuid, null, 0, CancellationToken.None),
            Is.InstanceOf<NotFoundResult>());
    }

    [Test]
    public async Task An_order_paid_with_another_method_is_not_found()
    {
        _order.PaymentMethodSystemName = "Payments.CheckMoneyOrder";

        Assert.That(await _controller.Return(_order.OrderGuid, null, 0, CancellationToken.None),
            Is.InstanceOf<NotFoundResult>());
    }

    [Test]
    public async Task A_completed_payment_goes_to_the_checkout_completed_page()
    {
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PaymentReturnState.Completed);

        var result = await _controller.Return(_order.OrderGuid, null, 0, CancellationToken.None);

        var redirect = result as RedirectToRouteResult;
        Assert.That(redirect, Is.Not.Null);
        Assert.That(redirect.RouteName, Is.EqualTo(NopRouteNames.Standard.CHECKOUT_COMPLETED));
        Assert.That(redirect.RouteValues?["orderId"], Is.EqualTo(_order.Id));
    }

    [TestCase(PaymentReturnState.Waiting, 2)]
    [TestCase(PaymentReturnState.Failed, 0)]
    [TestCase(PaymentReturnState.Canceled, 0)]
    [TestCase(PaymentReturnState.GatewayError, 0)]
    public async Task An_unfinished_payment_shows_the_return_page(PaymentReturnState state, int refreshSeconds)
    {
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>())).ReturnsAsync(state);

        var result = await _controller.Return(_order.OrderGuid, null, 0, CancellationToken.None);

        var model = (result as ViewResult)?.Model as PaymentReturnModel;
        Assert.That(model, Is.Not.Null);
        Assert.That((model.OrderId, model.State, model.RefreshSeconds), Is.EqualTo((_order.Id, state, refreshSeconds)));
    }

    // A browser that never saw the store: the wallet app handed the shopper to another browser or its web view.
    private void InAnotherBrowser() => _world.CurrentCustomer = new() { Id = 900 };

    private Task<string> TokenForAsync(Order order) => _world.Get<IReturnTokenService>().IssueAsync(order);

    [TestCase(PaymentReturnState.Waiting)]
    [TestCase(PaymentReturnState.Completed)]
    [TestCase(PaymentReturnState.Failed)]
    [TestCase(PaymentReturnState.Canceled)]
    [TestCase(PaymentReturnState.Expired)]
    [TestCase(PaymentReturnState.GatewayError)]
    public async Task Another_browser_with_the_token_sees_the_orders_payment_state_on_the_return_page(
        PaymentReturnState state)
    {
        var token = await TokenForAsync(_order);
        InAnotherBrowser();
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>())).ReturnsAsync(state);

        var result = await _controller.Return(_order.OrderGuid, token, 0, CancellationToken.None);

        // Even a paid order stays here: nopCommerce's completed page would turn a browser without the cookie away.
        var model = (result as ViewResult)?.Model as PaymentReturnModel;
        Assert.That(model, Is.Not.Null, $"the controller answered {result.GetType().Name}");
        Assert.That((model.OrderId, model.CustomOrderNumber, model.State, model.IsOwner, model.Token),
            Is.EqualTo((_order.Id, _order.CustomOrderNumber, state, false, token)));
    }

    [Test]
    public async Task Another_browser_with_the_token_sees_the_page_in_the_language_the_order_was_placed_in()
    {
        var chinese = new Nop.Core.Domain.Localization.Language { Id = 2, LanguageCulture = "zh-Hant-HK",
            Published = true };
        _world.Languages.Setup(l => l.GetLanguageByIdAsync(2)).ReturnsAsync(chinese);
        _world.WorkContext.Setup(w => w.GetWorkingLanguageAsync())
            .ReturnsAsync(new Nop.Core.Domain.Localization.Language { Id = 1, Published = true });
        _order.CustomerLanguageId = 2;
        var token = await TokenForAsync(_order);
        InAnotherBrowser();
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PaymentReturnState.Waiting);

        await _controller.Return(_order.OrderGuid, token, 0, CancellationToken.None);

        _world.WorkContext.Verify(w => w.SetWorkingLanguageAsync(chinese), Times.Once);
    }

    [Test]
    public async Task The_orders_own_browser_keeps_the_language_it_chose()
    {
        _world.Languages.Setup(l => l.GetLanguageByIdAsync(It.IsAny<int>()))
            .ReturnsAsync(new Nop.Core.Domain.Localization.Language { Id = 2, Published = true });
        _order.CustomerLanguageId = 2;
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PaymentReturnState.Waiting);

        await _controller.Return(_order.OrderGuid, null, 0, CancellationToken.None);

        _world.WorkContext.Verify(w => w.SetWorkingLanguageAsync(It.IsAny<Nop.Core.Domain.Localization.Language>()),
            Times.Never);
    }

    [Test]
    public async Task The_order_own_browser_keeps_no_token_in_the_page()
    {
        var token = await TokenForAsync(_order);
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PaymentReturnState.Waiting);

        var page = await _controller.Return(_order.OrderGuid, token, 0, CancellationToken.None);
        var model = (page as ViewResult)?.Model as PaymentReturnModel;

        Assert.That((model?.IsOwner, model?.Token), Is.EqualTo((true, (string)null)));
    }

    private static IEnumerable<TestCaseData> BadTokens()
    {
        yield return new TestCaseData("none").SetName("No_token_and_no_cookie_is_answered_as_an_unknown_order");
        yield return new TestCaseData("forged").SetName("A_forged_token_is_answered_as_an_unknown_order");
        yield return new TestCaseData("expired").SetName("An_expired_token_is_answered_as_an_unknown_order");
        yield return new TestCaseData("other order")
            .SetName("A_token_for_another_order_is_answered_as_an_unknown_order");
        yield return new TestCaseData("other store")
            .SetName("A_token_of_another_store_is_answered_as_an_unknown_order");
        yield return new TestCaseData("order of other store")
            .SetName("A_token_for_an_order_of_another_store_is_answered_as_an_unknown_order");
    }

    [TestCaseSource(nameof(BadTokens))]
    public async Task A_bad_token_gets_the_unknown_orders_answer_and_WooshPay_is_not_asked(string kind)
    {
        await StoreSecretAsync(1); // the store has its secret: a forgery meets a real one
        var token = kind switch
        {
            "none" => null,
            "forged" => $"{_order.Id}.1.{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}.{new string('A', 43)}",
            "expired" => new ReturnToken(_order.Id, 1, DateTimeOffset.UtcNow.AddSeconds(-1))
                .Sign(await StoreSecretAsync(1)),
            "other order" => await TokenForAsync(_world.PlaceOrder()),
            "other store" => await TokenForAsync(_world.PlaceOrder(storeId: 2)),
            _ => null
        };
        var order = _order;
        if (kind == "order of other store")
        {
            // The order is another store's: its token is genuine there, not in this store (1).
            order = _world.PlaceOrder(storeId: 2);
            token = await TokenForAsync(order);
        }
        InAnotherBrowser();

        var page = await _controller.Return(order.OrderGuid, token, 0, CancellationToken.None);
        var state = await _controller.State(order.OrderGuid, token, CancellationToken.None);
        var unknownPage = await _controller.Return(Guid.NewGuid(), token, 0, CancellationToken.None);
        var unknownState = await _controller.State(Guid.NewGuid(), token, CancellationToken.None);

        Assert.That(new[] { page, state, unknownPage, unknownState }, Is.All.InstanceOf<NotFoundResult>());
        _returns.Verify(r => r.GetStateAsync(It.IsAny<Order>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private async Task<byte[]> StoreSecretAsync(int storeId)
    {
        await TokenForAsync(_world.PlaceOrder(storeId: storeId));
        return Convert.FromBase64String(_world.StoredSettings[("alipayplussettings.returntokensecret", storeId)]);
    }

    [TestCase(PaymentReturnState.Waiting, "waiting")]
    [TestCase(PaymentReturnState.Completed, "paid")]
    [TestCase(PaymentReturnState.Failed, "failed")]
    [TestCase(PaymentReturnState.Canceled, "canceled")]
    [TestCase(PaymentReturnState.Expired, "expired")]
    [TestCase(PaymentReturnState.GatewayError, "error")]
    public async Task The_poll_answers_the_state_alone_to_a_token_holder(PaymentReturnState state, string name)
    {
        var token = await TokenForAsync(_order);
        InAnotherBrowser();
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>())).ReturnsAsync(state);

        var result = await _controller.State(_order.OrderGuid, token, CancellationToken.None) as ContentResult;

        Assert.That(result, Is.Not.Null);
        Assert.That((result.ContentType, result.Content),
            Is.EqualTo(("application/json", $"{{\"state\":\"{name}\"}}")));
    }

    [Test]
    public async Task The_poll_answers_the_orders_own_browser_without_a_token()
    {
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PaymentReturnState.Failed);

        var result = await _controller.State(_order.OrderGuid, null, CancellationToken.None) as ContentResult;

        Assert.That(result?.Content, Is.EqualTo("{\"state\":\"failed\"}"));
    }

    [Test]
    public async Task A_waiting_page_reloads_later_and_later_without_javascript_and_stops_after_the_schedule()
    {
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PaymentReturnState.Waiting);

        var pages = new List<PaymentReturnModel>();
        for (var look = 0; look <= PaymentReturnModel.PollDelaySeconds.Count; look++)
        {
            var page = await _controller.Return(_order.OrderGuid, null, look, CancellationToken.None);
            pages.Add((page as ViewResult)?.Model as PaymentReturnModel);
        }

        var delays = pages.Select(page => page.RefreshSeconds).ToList();
        Assert.That(delays[..^1], Is.Ordered.And.All.GreaterThan(0));
        Assert.That(delays[^1], Is.Zero, "no reload after the schedule");
        Assert.That(pages[^1].PollingStopped, Is.True);
        Assert.That(pages[..^1].Select(page => page.PollingStopped), Is.All.False);
        Assert.That(delays.Sum(), Is.InRange(240, 330), "the page gives up after about 5 minutes");
        Assert.That(delays.Max(), Is.EqualTo(15));
    }

    [TestCase(PaymentReturnState.Failed)]
    [TestCase(PaymentReturnState.Completed)]
    public async Task A_settled_page_neither_reloads_nor_stops(PaymentReturnState state)
    {
        var token = await TokenForAsync(_order);
        InAnotherBrowser();
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>())).ReturnsAsync(state);

        var page = await _controller.Return(_order.OrderGuid, token, 500, CancellationToken.None);
        var model = (page as ViewResult)?.Model as PaymentReturnModel;

        Assert.That((model?.RefreshSeconds, model?.PollingStopped), Is.EqualTo((0, false)));
    }

    [Test]
    public async Task The_page_is_kept_out_of_caches_and_its_address_out_of_other_sites_referers()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        _controller.ControllerContext = new ControllerContext { HttpContext = http };
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PaymentReturnState.Waiting);

        await _controller.Return(_order.OrderGuid, null, 0, CancellationToken.None);

        Assert.That(http.Response.Headers.CacheControl.ToString(), Is.EqualTo("no-store"));
        Assert.That(http.Response.Headers["Referrer-Policy"].ToString(), Is.EqualTo("same-origin"));
    }
}
