using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// Polls for an asynchronous effect (a webhook landing, a delivery settling) until a deadline, so tests wait
/// only as long as the effect takes and fail with a description instead of sleeping a fixed time.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    public static async Task ThatAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
                return;
            if (DateTime.UtcNow >= deadline)
                Assert.Fail($"Not reached within {timeout.TotalSeconds:0.#} s: {describe()}");
            await Task.Delay(Interval);
        }
    }

    public static Task ThatAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe) =>
        ThatAsync(() => Task.FromResult(condition()), timeout, describe);
}
