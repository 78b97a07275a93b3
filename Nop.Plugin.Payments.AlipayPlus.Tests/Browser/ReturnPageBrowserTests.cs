using Microsoft.Playwright;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Storefront;
using WooshPay.Sandbox;
using static Microsoft.Playwright.Assertions;
using Nop.Plugin.Payments.AlipayPlus.Models.Public;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Browser;

/// <summary>
/// The return page the way a phone meets it, in Debian's Chromium (never a downloaded browser; without
/// /usr/bin/chromium these tests fail on purpose): the order is placed and paid in one browser context, which holds
/// the store's customer cookie, and the return URL opens in a second context without any cookie, as when the wallet
/// app hands the shopper to another browser or its own web view. At a phone's width and a desktop's; each state's
/// screenshot is attached to the test and, with ALIPAYPLUS_UPDATE_SCREENSHOTS=1, written to
/// docs/screenshots/return-&lt;state&gt;-&lt;width&gt;.png.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ReturnPageBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly int[] Widths = [375, 1280];

    private SandboxedShop _shop;
    private StorefrontTestBed _bed;
    private IPlaywright _playwright;
    private IBrowser _browser;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"Chromium is missing at {ChromiumPath}. Install Debian's package: apt-get update && " +
                        "apt-get install -y chromium (this test never downloads a browser).");

        _shop = await SandboxedShop.StartAsync(new SandboxOptions());
        _bed = await StorefrontTestBed.StartAsync(_shop.Shop);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_bed is not null)
            await _bed.DisposeAsync();
        if (_shop is not null)
            await _shop.DisposeAsync();
    }

    [TestCaseSource(nameof(Widths))]
    public async Task
        A_shopper_who_pays_sees_the_payment_confirmed_in_place_in_another_browser_without_the_stores_cookie(int width)
    {
        await using var shopper = await NewContextAsync(width);
        var wallet = await shopper.NewPageAsync();
        var (order, returnUrl) = await CheckOutAsync(wallet);

        await using var phone = await NewContextAsync(width);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(returnUrl);
        Assert.That(await phone.CookiesAsync(),
            Has.None.Matches<BrowserContextCookiesResult>(c => c.Value == order.CustomerId.ToString()),
            "the second browser is not the customer who ordered");
        await ExpectStateAsync(page, "waiting");
        await Expect(page.Locator(".page-title h1")).ToHaveTextAsync($"Payment for order #{order.CustomOrderNumber}");
        await Expect(page).ToHaveTitleAsync($"Test-bed store. Payment for order #{order.CustomOrderNumber}");
        await Expect(Block(page, "waiting").Locator(".alipayplus-spinner")).ToBeVisibleAsync();
        await Expect(Block(page, "waiting").Locator(".order-number"))
            .ToHaveTextAsync($"Order number: {order.CustomOrderNumber}");
        await Expect(Block(page, "waiting").Locator("a.button-1")).ToHaveTextAsync("Order details");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await ScreenshotAsync(page, "waiting", width);

        // The shopper pays in the wallet; the first browser, which holds
        // the cookie, goes on to nopCommerce's completed page.
        await wallet.GetByTestId("wallet-AlipayHK").ClickAsync();
        await wallet.WaitForURLAsync(url => url.Contains("/checkout/completed/", StringComparison.Ordinal));
        await Expect(wallet.GetByTestId("nop-page")).ToHaveTextAsync("Your order has been successfully processed!");

        // The other browser's page learns it from its background poll and changes in place: no reload, no flash.
        await ExpectStateAsync(page, "paid", TimeSpan.FromSeconds(40));
        Assert.That(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), Is.True,
            "the page was updated in place, not reloaded");
        await Expect(Block(page, "paid").Locator(".title")).ToHaveTextAsync("Payment received");
        await Expect(Block(page, "paid").Locator("a.button-1")).ToHaveTextAsync("Continue shopping");
        await Expect(page.Locator("[data-state-block]:visible")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "paid", width);

        // Nothing personal on the page; the order's details ask this browser to log in, as nopCommerce does.
        // What the page says is the state, the order number and the actions, nothing of the customer.
        Assert.That((await page.Locator(".alipayplus-return-page").InnerTextAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Is.EqualTo(new[]
            {
                $"Payment for order #{order.CustomOrderNumber}", "Payment received",
                "Thank you. Your payment for this order has been confirmed.",
                $"ORDER NUMBER: {order.CustomOrderNumber}", "Order details", "CONTINUE SHOPPING"
            }));
        await Block(page, "paid").GetByTestId("order-details-link").ClickAsync();
        await Expect(page.GetByTestId("nop-page")).ToHaveTextAsync("Log in");
    }

    private static IEnumerable<TestCaseData> SettledStates()
    {
        foreach (var width in Widths)
        {
            yield return new TestCaseData("fail", "failed", "Payment failed", "Retry payment", width);
            yield return new TestCaseData("cancel", "canceled", "Payment cancelled", "Retry payment", width);
            yield return new TestCaseData("expire", "expired", "Payment page expired", "Retry payment", width);
            yield return new TestCaseData("gateway error", "error", "Payment service unavailable", "Retry payment",
                width);
        }
    }

    [TestCaseSource(nameof(SettledStates))]
    public async Task An_unpaid_order_shows_its_one_state_and_the_retry_button_in_another_browser(string what,
        string state, string title, string button, int width)
    {
        await using var shopper = await NewContextAsync(width);
        var wallet = await shopper.NewPageAsync();
        var (order, returnUrl) = await CheckOutAsync(wallet, total: what == "gateway error" ? 0m : 100m);
        switch (what)
        {
            case "fail" or "cancel":
                await wallet.GetByTestId(what).ClickAsync();
                await wallet.WaitForURLAsync(url => url.StartsWith(returnUrl, StringComparison.Ordinal));
                // The first browser is the order's own: its retry leads to the order page, where nopCommerce offers it.
                await ExpectStateAsync(wallet, state);
                await Block(wallet, state).GetByTestId("retry").ClickAsync();
                await Expect(wallet.GetByTestId("nop-page")).ToHaveTextAsync("Order details");
                break;
            case "expire":
                var intent = (await _shop.Driver.IntentsOfAsync(order.OrderGuid)).Single();
                await _shop.Driver.AdminPostAsync($"_sandbox/payment_intents/{(string)intent["id"]}/expire");
                break;
            case "gateway error":
                // Nothing to charge: the payment cannot start and the shopper is sent straight to the return page.
                Assert.That(wallet.Url, Does.StartWith(returnUrl));
                break;
        }

        await using var phone = await NewContextAsync(width);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(returnUrl);

        await ExpectStateAsync(page, state);
        await Expect(page.Locator(".page-title h1")).ToHaveTextAsync($"Payment for order #{order.CustomOrderNumber}");
        await Expect(page.Locator("[data-state-block]:visible")).ToHaveCountAsync(1);
        await Expect(Block(page, state).Locator(".title")).ToHaveTextAsync(title);
        await Expect(Block(page, state).Locator(".buttons a.button-1")).ToHaveTextAsync(button);
        await ScreenshotAsync(page, state, width);

        await Block(page, state).GetByTestId("retry").ClickAsync();
        await Expect(page.GetByTestId("nop-page")).ToHaveTextAsync("Log in");
    }

    [TestCaseSource(nameof(Widths))]
    public async Task A_page_left_waiting_stops_polling_after_about_five_minutes_and_offers_to_check_again(int width)
    {
        await using var shopper = await NewContextAsync(width);
        var (order, returnUrl) = await CheckOutAsync(await shopper.NewPageAsync());
        await using var phone = await NewContextAsync(width);
        var page = await phone.NewPageAsync();
        var polls = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains(AlipayPlusDefaults.Route.ReturnStatePath, StringComparison.Ordinal))
                Interlocked.Increment(ref polls);
        };
        await page.Clock.InstallAsync();
        await page.GotoAsync(returnUrl);
        await ExpectStateAsync(page, "waiting");

        // Five minutes of the page's clock, a few seconds of the test's:
        // each step lets one timer fire and its poll return.
        for (var step = 0; step < 60
            && await page.Locator(".alipayplus-return-page").GetAttributeAsync("data-state") == "waiting"; step++)
        {
            var before = polls;
            await page.Clock.RunForAsync(16_000);
            await Task.Delay(before == polls ? 50 : 300);
        }

        await ExpectStateAsync(page, "stopped");
        Assert.That(polls, Is.EqualTo(PaymentReturnModelDelays), "one poll per step of the schedule, then none");
        await page.Clock.RunForAsync(600_000);
        await Task.Delay(300);
        Assert.That(polls, Is.EqualTo(PaymentReturnModelDelays), "nothing after the stop");
        await Expect(Block(page, "stopped").Locator(".title")).ToHaveTextAsync("Still waiting for confirmation");
        await Expect(Block(page, "stopped").Locator("a.button-1")).ToHaveTextAsync("Check again");
        await ScreenshotAsync(page, "stopped", width);

        // "Check again" opens the page afresh, which looks again.
        await Block(page, "stopped").GetByTestId("check-again").ClickAsync();
        await ExpectStateAsync(page, "waiting");
        Assert.That(order.PaymentStatus, Is.EqualTo(Nop.Core.Domain.Payments.PaymentStatus.Pending));
    }

    [Test]
    public async Task Without_javascript_a_waiting_page_reloads_itself_counting_its_looks()
    {
        await using var shopper = await NewContextAsync(375);
        var (_, returnUrl) = await CheckOutAsync(await shopper.NewPageAsync());
        await using var phone = await _browser.NewContextAsync(
            new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await phone.NewPageAsync();

        await page.GotoAsync(returnUrl);
        await page.WaitForURLAsync(url => url.Contains("look=2", StringComparison.Ordinal),
            new PageWaitForURLOptions { Timeout = 10_000 });

        Assert.That(await page.Locator(".alipayplus-return-page").GetAttributeAsync("data-state"),
            Is.EqualTo("waiting"));
        await page.GotoAsync(returnUrl + $"&look={Models.Public.PaymentReturnModel.PollDelaySeconds.Count}");
        Assert.That(await page.Locator(".alipayplus-return-page").GetAttributeAsync("data-state"),
            Is.EqualTo("stopped"));
        Assert.That(await page.Locator("noscript").CountAsync(), Is.Zero, "a stopped page does not reload");
    }

    private static int PaymentReturnModelDelays => Models.Public.PaymentReturnModel.PollDelaySeconds.Count;

    private Task<IBrowserContext> NewContextAsync(int width) => _browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 740 : 800 },
        IsMobile = width < 600,
        HasTouch = width < 600,
        DeviceScaleFactor = 1
    });

    /// <summary>The test bed's checkout in this browser: an order placed, the plugin's redirect followed.</summary>
    private async Task<(Nop.Core.Domain.Orders.Order Order, string ReturnUrl)> CheckOutAsync(IPage page,
        decimal total = 100m)
    {
        await page.GotoAsync(new Uri(_bed.BaseAddress, $"testbed/checkout?total={total}").ToString());
        var order = _bed.Orders.Last();
        string returnUrl;
        if (total > 0)
        {
            await Expect(page.GetByTestId("wallet-AlipayHK")).ToBeVisibleAsync();
            returnUrl = (string)(await _shop.Driver.IntentsOfAsync(order.OrderGuid)).Single()["return_url"];
        }
        else
        {
            returnUrl = page.Url;
        }

        Assert.That(returnUrl,
            Does.StartWith(
                new Uri(_bed.BaseAddress, $"Plugins/AlipayPlus/Return/{order.OrderGuid}?token=").ToString()));
        return (order, returnUrl);
    }

    private static ILocator Block(IPage page, string state) => page.Locator($"[data-state-block='{state}']");

    private static Task ExpectStateAsync(IPage page, string state, TimeSpan? timeout = null) =>
        Expect(page.Locator(".alipayplus-return-page")).ToHaveAttributeAsync("data-state", state,
            new LocatorAssertionsToHaveAttributeOptions
            {
                Timeout = (float)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds
            });

    private static async Task ScreenshotAsync(IPage page, string state, int width)
    {
        var name = $"return-{state}-{width}.png";
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        await page.ScreenshotAsync(
            new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        TestContext.AddTestAttachment(path, $"the return page, {state}, {width} px wide");
        if (Environment.GetEnvironmentVariable("ALIPAYPLUS_UPDATE_SCREENSHOTS") == "1")
            File.Copy(path, Path.Combine(RepositoryPaths.Root, "docs", "screenshots", name), overwrite: true);
    }
}
