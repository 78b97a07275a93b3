using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Payments.AlipayPlus.Infrastructure;

public class RouteProvider : IRouteProvider
{
    public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder)
    {
        endpointRouteBuilder.MapControllerRoute(name: AlipayPlusDefaults.Route.Configuration,
            pattern: AlipayPlusDefaults.Route.ConfigurationPath,
            defaults: new { controller = "AlipayPlusConfiguration", action = "Configure", area = AreaNames.ADMIN });

        endpointRouteBuilder.MapControllerRoute(name: AlipayPlusDefaults.Route.Return,
            pattern: AlipayPlusDefaults.Route.ReturnPath + "{orderGuid:guid}",
            defaults: new { controller = "AlipayPlusPublic", action = "Return" });

        endpointRouteBuilder.MapControllerRoute(name: AlipayPlusDefaults.Route.ReturnState,
            pattern: AlipayPlusDefaults.Route.ReturnStatePath + "{orderGuid:guid}",
            defaults: new { controller = "AlipayPlusPublic", action = "State" });

        endpointRouteBuilder.MapControllerRoute(name: AlipayPlusDefaults.Route.Webhook,
            pattern: AlipayPlusDefaults.Route.WebhookPath + "{storeId:int}",
            defaults: new { controller = "AlipayPlusWebhook", action = "Webhook" });
    }

    public int Priority => 0;
}
