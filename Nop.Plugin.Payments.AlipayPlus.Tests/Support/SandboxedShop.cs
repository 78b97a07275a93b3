using WooshPay.Sandbox;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// A WooshPay sandbox of a test's own, its admin API, and a shop connected to it: what a test starts from when the
/// sandbox's state (its options, its refunds, its clock) must not be shared with another test.
/// </summary>
public sealed class SandboxedShop : IAsyncDisposable
{
    private SandboxedShop(RunningSandbox sandbox)
    {
        Sandbox = sandbox;
        Shop = ShopWorld.ConnectedTo(sandbox);
        Driver = new SandboxDriver(sandbox, Shop.Settings.SecretKey);
    }

    public RunningSandbox Sandbox { get; }

    /// <summary>The sandbox's own API (/_sandbox/...), standing in for the shopper and WooshPay's dashboard.</summary>
    public SandboxDriver Driver { get; }

    public ShopWorld Shop { get; }

    public static async Task<SandboxedShop> StartAsync(SandboxOptions options) =>
        new(await SandboxServer.StartAsync(options));

    public async ValueTask DisposeAsync()
    {
        Shop.Dispose();
        Driver.Dispose();
        await Sandbox.DisposeAsync();
    }
}
