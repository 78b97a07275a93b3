namespace WooshPay.Sandbox.Tests.Support;

/// <summary>Waits for asynchronous effects (webhooks, refund settlement, expiry) with a generous deadline.</summary>
public static class Poll
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last)) return last;
            if (DateTime.UtcNow > deadline) break;
            await Task.Delay(50);
        }

        Assert.Fail($"Timed out after {seconds}s waiting for {what}. Last seen: {Describe(last)}");
        return last;
    }

    public static Task Until(Func<bool> done, string what, double seconds = 15) =>
        Until(() => Task.FromResult(done()), d => d, what, seconds);

    private static string Describe<T>(T value) => value switch
    {
        Reply r => $"HTTP {r.Code} {r.Body}",
        System.Collections.IEnumerable e and not string => string.Join(" | ",
            e.Cast<object?>().Select(o => o?.ToString())),
        _ => value?.ToString() ?? "null",
    };
}
