using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Services;
using Nop.Services.Messages;
using NUnit.Framework;

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
            Mock.Of<Nop.Services.Orders.IOrderService>(), Mock.Of<IRefundService>());

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
}
