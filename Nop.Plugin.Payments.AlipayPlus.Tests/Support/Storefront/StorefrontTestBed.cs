using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Moq;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Orders;
using Nop.Core.Http;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Services.Localization;
using Nop.Services.Orders;
using Nop.Services.Payments;
using Nop.Web.Framework.UI;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Storefront;

/// <summary>
/// A storefront on 127.0.0.1 around the plugin: its public controller and routes, its Razor views compiled at run
/// time as nopCommerce compiles them (with the stand-ins of <c>NopViewStandIns.cs</c> and a layout of the test bed's
/// own), a customer cookie per browser as nopCommerce's work context keeps one, a checkout that places an order for
/// that customer and runs the plugin's post-processing (the redirect to the wallet), and stand-ins for nopCommerce's
/// order details, home and completed pages. The shop behind it is a <see cref="ShopWorld"/>.
/// </summary>
public sealed class StorefrontTestBed : IAsyncDisposable
{
    public const string CustomerCookie = "TestBed.Customer";

    private readonly WebApplication _app;
    private readonly string _root;

    private StorefrontTestBed(WebApplication app, string root, ShopWorld world)
    {
        _app = app;
        _root = root;
        World = world;
    }

    public ShopWorld World { get; }

    public Uri BaseAddress { get; private set; }

    /// <summary>The orders the test bed's checkout placed, in order.</summary>
    public List<Order> Orders { get; } = [];

    public static async Task<StorefrontTestBed> StartAsync(ShopWorld world)
    {
        // The content root holds the plugin's views where the plugin's code looks for them, and the test bed's layout.
        var root = Directory.CreateTempSubdirectory("alipayplus-storefront-").FullName;
        CopyDirectory(Path.Combine(RepositoryPaths.PluginProject, "Views"),
            Path.Combine(root, "Plugins", "Payments.AlipayPlus", "Views"));
        var site = Path.Combine(AppContext.BaseDirectory, "Support", "Storefront", "Site");
        CopyDirectory(Path.Combine(site, "Views"), Path.Combine(root, "Views"));
        File.Copy(Path.Combine(site, "storefront.css"), Path.Combine(root, "storefront.css"));

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StorefrontTestBed).Assembly.GetName().Name,
            ContentRootPath = root
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHttpContextAccessor();
#pragma warning disable ASPDEPR003 // run-time compilation is what a store does with a plugin's views
        builder.Services.AddControllersWithViews()
            .AddApplicationPart(typeof(AlipayPlusPublicController).Assembly)
            .AddRazorRuntimeCompilation(options =>
            {
                options.FileProviders.Clear();
                options.FileProviders.Add(new PhysicalFileProvider(root));
            });
#pragma warning restore ASPDEPR003

        // nopCommerce's services as the controller and the views ask
        // for them, from the shop; the customer from the cookie.
        builder.Services.AddScoped(_ => world.OrderService.Object);
        builder.Services.AddScoped(_ => world.Localization.Object);
        builder.Services.AddScoped(_ => world.StoreContext.Object);
        builder.Services.AddScoped(_ => world.Languages.Object);
        builder.Services.AddScoped(_ => world.Get<IPaymentReturnService>());
        builder.Services.AddScoped(_ => world.Get<IReturnTokenService>());
        builder.Services.AddScoped<IWorkContext>(
            sp => new CookieWorkContext(sp.GetRequiredService<IHttpContextAccessor>(), world));
        builder.Services.AddScoped<INopHtmlHelper, StorefrontHtml>();

        var app = builder.Build();
        var bed = new StorefrontTestBed(app, root, world);

        // The plugin's post-processing writes its redirect to the request
        // it runs in, and builds the return URL on the store's address.
        world.HttpContextAccessor.Setup(a => a.HttpContext).Returns(() => new HttpContextAccessor().HttpContext);
        world.WebHelper.Setup(w => w.GetStoreLocation(It.IsAny<bool?>())).Returns(() => bed.BaseAddress.ToString());
        world.Localization.Setup(l => l.GetResourceAsync("Checkout.OrderNumber")).ReturnsAsync("Order number");

        app.MapGet("/testbed/storefront.css", () => Results.File(Path.Combine(root, "storefront.css"), "text/css"));
        app.MapGet("/testbed/checkout", async (HttpContext context, decimal? total) =>
        {
            var customer = await context.RequestServices.GetRequiredService<IWorkContext>().GetCurrentCustomerAsync();
            var order = world.PlaceOrder(totalInPrimary: total ?? 100m);
            order.CustomerId = customer.Id;
            lock (bed.Orders)
                bed.Orders.Add(order);
            await world.Get<AlipayPlusPaymentMethod>()
                .PostProcessPaymentAsync(new PostProcessPaymentRequest { Order = order });
            return Results.Empty;
        });
        // nopCommerce's own pages the return page links to, as a store answers them: details and completed for the
        // order's customer only (a login prompt for anyone else), the home page for all.
        app.MapGet("/", () => Results.Content("<h1>Home page</h1>", "text/html"))
            .WithName(NopRouteNames.General.HOMEPAGE);
        app.MapGet("/orderdetails/{orderId:int}",
            async (HttpContext context, int orderId) => await OwnOrderPageAsync(context, world, orderId,
                "Order details"))
            .WithName(NopRouteNames.Standard.ORDER_DETAILS);
        app.MapGet("/checkout/completed/{orderId:int}",
            async (HttpContext context, int orderId) => await OwnOrderPageAsync(context, world, orderId,
                "Your order has been successfully processed!"))
            .WithName(NopRouteNames.Standard.CHECKOUT_COMPLETED);
        new RouteProvider().RegisterRoutes(app);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single();
        bed.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return bed;
    }

    private static async Task<IResult> OwnOrderPageAsync(HttpContext context, ShopWorld world, int orderId,
        string heading)
    {
        var customer = await context.RequestServices.GetRequiredService<IWorkContext>().GetCurrentCustomerAsync();
        var order = await world.OrderService.Object.GetOrderByIdAsync(orderId);
        return order?.CustomerId == customer.Id
            ? Results.Content($"<h1 data-testid=\"nop-page\">{heading}</h1><p>Order #{order.CustomOrderNumber}</p>",
                "text/html")
            : Results.Content("<h1 data-testid=\"nop-page\">Log in</h1>", "text/html");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_root, true);
        }
        catch (IOException)
        {
            // A compiled view still open; the temp folder is left for the system to clear.
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>
    /// nopCommerce's work context as far as the return page uses it: a guest customer per browser, kept in a cookie;
    /// a browser without the cookie is a new guest.
    /// </summary>
    private sealed class CookieWorkContext : IWorkContext
    {
        private static int _nextCustomerId = 5000;

        private readonly IHttpContextAccessor _accessor;
        private readonly ShopWorld _world;
        private Customer _customer;

        public CookieWorkContext(IHttpContextAccessor accessor, ShopWorld world)
        {
            _accessor = accessor;
            _world = world;
        }

        // A shopper's browser: never a vendor.
        public Task<Nop.Core.Domain.Vendors.Vendor> GetCurrentVendorAsync() =>
            Task.FromResult<Nop.Core.Domain.Vendors.Vendor>(null);

        public Task<Customer> GetCurrentCustomerAsync()
        {
            if (_customer is not null)
                return Task.FromResult(_customer);

            var context = _accessor.HttpContext!;
            if (!int.TryParse(context.Request.Cookies[CustomerCookie], out var id))
            {
                id = Interlocked.Increment(ref _nextCustomerId);
                context.Response.Cookies
                    .Append(CustomerCookie, id.ToString(), new CookieOptions { HttpOnly = true, Path = "/" });
            }

            _customer = new Customer { Id = id };
            return Task.FromResult(_customer);
        }

        private Language _chosen;

        // What nopCommerce does for the request; a later request of this browser starts from the shop's again.
        public Task SetWorkingLanguageAsync(Language language)
        {
            _chosen = language;
            return Task.CompletedTask;
        }

        public Task<Language> GetWorkingLanguageAsync() =>
            _chosen is null ? _world.WorkContext.Object.GetWorkingLanguageAsync() : Task.FromResult(_chosen);

        public Task<Currency> GetWorkingCurrencyAsync() => _world.WorkContext.Object.GetWorkingCurrencyAsync();
    }
}
