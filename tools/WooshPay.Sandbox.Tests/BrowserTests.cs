using System.Web;
using Microsoft.Playwright;
using WooshPay.Sandbox.Tests.Support;

namespace WooshPay.Sandbox.Tests;

/// <summary>
/// A shopper in Debian's Chromium: open normalUrl, see DANA for IDR, pay, land on the merchant's
/// return_url. Never downloads a browser; without /usr/bin/chromium this test fails on purpose.
/// </summary>
public sealed class BrowserTests : SandboxFixture
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Test]
    public async Task Shopper_pays_with_DANA_and_lands_on_return_url()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"Chromium is missing at {ChromiumPath}. Install Debian's package: apt-get update && " +
                        "apt-get install -y chromium (this test never downloads a browser).");

        await using var merchant = await RecordingListener.StartAsync();
        var body = IntentBody(2_500_000, "IDR", returnUrl: merchant.Url("/return?order=1001").ToString());
        var pi = (await Api.Post("/v1/payment_intents", body)).Expect(200);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(pi.S("next_action.alipayplus_handle_redirect.normalUrl"));

        await Assertions.Expect(page.GetByTestId("amount")).ToHaveTextAsync("IDR 25,000.00");
        var wallets = await page.Locator("[data-testid^='wallet-']").AllAsync();
        Assert.That(wallets, Has.Count.EqualTo(1));
        await Assertions.Expect(page.GetByTestId("wallet-DANA")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("fail")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("cancel")).ToBeVisibleAsync();

        await page.GetByTestId("wallet-DANA").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(merchant.BaseAddress.ToString(), StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#landed")).ToBeVisibleAsync();

        var landed = new Uri(page.Url);
        var query = HttpUtility.ParseQueryString(landed.Query);
        Assert.Multiple(() =>
        {
            Assert.That(landed.AbsolutePath, Is.EqualTo("/return"));
            Assert.That(query["order"], Is.EqualTo("1001"));
            Assert.That(query["payment_intent"], Is.EqualTo(pi.S("id")));
            Assert.That(query["redirect_status"], Is.EqualTo("succeeded"));
        });
        Assert.That(merchant.Requests.Single(r => r.PathAndQuery.StartsWith("/return")).Method, Is.EqualTo("GET"),
            "303 turned the POST into a GET");

        var after = (await Api.Get("/v1/payment_intents/" + pi.S("id"))).Expect(200);
        Assert.That(after.S("status"), Is.EqualTo("succeeded"));
        var state = (await Admin.Get("/_sandbox/state")).Expect(200);
        var mine = state.Json["payment_intents"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == pi.S("id"));
        Assert.That(mine!["sandbox"]!["wallet"]!.GetValue<string>(), Is.EqualTo("DANA"));
    }
}
