using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Core.Domain.Orders;
using Nop.Core.Http;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Models;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Controllers;

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
        _controller = new AlipayPlusPublicController(_world.OrderService.Object, _returns.Object, _world.WorkContext.Object);
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

        var result = await _controller.Return(_order.OrderGuid, CancellationToken.None);

        Assert.That(result, Is.InstanceOf<NotFoundResult>());
        _returns.Verify(r => r.GetStateAsync(It.IsAny<Order>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task An_unknown_order_guid_is_not_found()
    {
        var result = await _controller.Return(Guid.NewGuid(), CancellationToken.None);

        Assert.That(result, Is.InstanceOf<NotFoundResult>());
    }

    [Test]
    public async Task A_deleted_order_is_not_found()
    {
        _order.Deleted = true;

        Assert.That(await _controller.Return(_order.OrderGuid, CancellationToken.None), Is.InstanceOf<NotFoundResult>());
    }

    [Test]
    public async Task An_order_paid_with_another_method_is_not_found()
    {
        _order.PaymentMethodSystemName = "Payments.CheckMoneyOrder";

        Assert.That(await _controller.Return(_order.OrderGuid, CancellationToken.None), Is.InstanceOf<NotFoundResult>());
    }

    [Test]
    public async Task A_completed_payment_goes_to_the_checkout_completed_page()
    {
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>())).ReturnsAsync(PaymentReturnState.Completed);

        var result = await _controller.Return(_order.OrderGuid, CancellationToken.None);

        var redirect = result as RedirectToRouteResult;
        Assert.That(redirect, Is.Not.Null);
        Assert.That(redirect.RouteName, Is.EqualTo(NopRouteNames.Standard.CHECKOUT_COMPLETED));
        Assert.That(redirect.RouteValues?["orderId"], Is.EqualTo(_order.Id));
    }

    [TestCase(PaymentReturnState.Waiting, 3)]
    [TestCase(PaymentReturnState.Failed, 0)]
    [TestCase(PaymentReturnState.Canceled, 0)]
    [TestCase(PaymentReturnState.GatewayError, 0)]
    public async Task An_unfinished_payment_shows_the_return_page(PaymentReturnState state, int refreshSeconds)
    {
        _returns.Setup(r => r.GetStateAsync(_order, It.IsAny<CancellationToken>())).ReturnsAsync(state);

        var result = await _controller.Return(_order.OrderGuid, CancellationToken.None);

        var model = (result as ViewResult)?.Model as PaymentReturnModel;
        Assert.That(model, Is.Not.Null);
        Assert.That((model.OrderId, model.State, model.RefreshSeconds), Is.EqualTo((_order.Id, state, refreshSeconds)));
    }
}
