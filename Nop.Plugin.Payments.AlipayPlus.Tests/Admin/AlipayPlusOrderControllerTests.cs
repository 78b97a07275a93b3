using Microsoft.AspNetCore.Mvc;
using Moq;
using NUnit.Framework;
using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Vendors;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Services.Messages;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Admin;

public class AlipayPlusOrderControllerTests
{
    [Test]
    public async Task Sync_goes_back_to_the_admin_order_page_by_route_not_by_an_app_relative_url()
    {
        var reconciler = new Mock<IOrderReconciler>();
        reconciler.Setup(r => r.ReconcileAsync(7, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrderReconciliation(1, 0, Array.Empty<string>()));
        var controller = new AlipayPlusOrderController(Mock.Of<INotificationService>(), reconciler.Object,
            Mock.Of<Nop.Services.Orders.IOrderService>(), Mock.Of<IRefundService>(), Mock.Of<IWorkContext>());

        var result = await controller.Sync(7, CancellationToken.None);

        // A RedirectResult goes through nopCommerce's NopRedirectResultExecutor, which builds
        // new Uri(storeLocation.TrimEnd('/') + url): with "~/Admin/Order/Edit/7" that is
        // "http://127.0.0.1:5080~/Admin/Order/Edit/7" and the request fails with "Invalid URI: Invalid port specified"
        // (found in a real 4.90.3 store).
        Assert.That(result, Is.Not.InstanceOf<RedirectResult>());
        var redirect = result as RedirectToActionResult;
        Assert.That(redirect, Is.Not.Null);
        Assert.That(redirect.ControllerName, Is.EqualTo("Order"));
        Assert.That(redirect.ActionName, Is.EqualTo("Edit"));
        Assert.That(redirect.RouteValues["id"], Is.EqualTo(7));
        Assert.That(redirect.RouteValues["area"], Is.EqualTo("Admin"));
    }

    [Test]
    public async Task A_vendor_is_refused_the_sync_of_an_order_without_its_products()
    {
        var (controller, reconciler, _) = ControllerFor(vendorId: 5, vendorsItemsInOrder: 0);

        var result = await controller.Sync(9, CancellationToken.None);

        reconciler.Verify(r => r.ReconcileAsync(It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>()),
            Times.Never);
        Assert.That((result as RedirectToActionResult)?.ActionName, Is.EqualTo("List"),
            "sent to the order list, as nopCommerce's order page does");
    }

    [Test]
    public async Task A_vendor_may_sync_an_order_holding_its_products()
    {
        var (controller, reconciler, _) = ControllerFor(vendorId: 5, vendorsItemsInOrder: 1);

        await controller.Sync(9, CancellationToken.None);

        reconciler.Verify(r => r.ReconcileAsync(9, It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task A_vendor_is_refused_refunding_an_extra_payment_even_on_its_own_order()
    {
        var (controller, _, refunds) = ControllerFor(vendorId: 5, vendorsItemsInOrder: 1);

        await controller.RefundExtra(9, 2);

        refunds.Verify(r => r.RefundExtraPaymentAsync(It.IsAny<Order>(), It.IsAny<int>()), Times.Never);
    }

    [Test]
    public async Task A_store_admin_syncs_and_refunds_any_order()
    {
        var (controller, reconciler, refunds) = ControllerFor(vendorId: null, vendorsItemsInOrder: 0);

        await controller.Sync(9, CancellationToken.None);
        await controller.RefundExtra(9, 2);

        reconciler.Verify(r => r.ReconcileAsync(9, It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
        refunds.Verify(r => r.RefundExtraPaymentAsync(It.Is<Order>(o => o.Id == 9), 2), Times.Once);
    }

    private static (AlipayPlusOrderController, Mock<IOrderReconciler>, Mock<IRefundService>) ControllerFor(
        int? vendorId, int vendorsItemsInOrder)
    {
        var reconciler = new Mock<IOrderReconciler>();
        reconciler.Setup(r => r.ReconcileAsync(It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrderReconciliation(1, 0, Array.Empty<string>()));
        var refunds = new Mock<IRefundService>();
        refunds.Setup(r => r.RefundExtraPaymentAsync(It.IsAny<Order>(), It.IsAny<int>()))
            .ReturnsAsync(new Nop.Services.Payments.RefundPaymentResult());
        var orders = new Mock<IOrderService>();
        orders.Setup(o => o.GetOrderByIdAsync(9)).ReturnsAsync(new Order { Id = 9, OrderGuid = Guid.NewGuid() });
        // nopCommerce's GetOrderItemsAsync with a vendorId answers only that vendor's items of the order.
        orders.Setup(o => o.GetOrderItemsAsync(9, null, null, It.IsAny<int>()))
            .ReturnsAsync((int _, bool? _, bool? _, int vendor) => vendor == 0
                ? new List<OrderItem> { new() { OrderId = 9, ProductId = 200 } }
                : Enumerable.Range(0, vendor == vendorId ? vendorsItemsInOrder : 0)
                    .Select(i => new OrderItem { OrderId = 9, ProductId = 100 + i }).ToList());
        var workContext = new Mock<IWorkContext>();
        workContext.Setup(w => w.GetCurrentVendorAsync())
            .ReturnsAsync(vendorId is { } id ? new Vendor { Id = id } : null);
        return (new AlipayPlusOrderController(Mock.Of<INotificationService>(), reconciler.Object, orders.Object,
            refunds.Object, workContext.Object),
            reconciler, refunds);
    }
}
