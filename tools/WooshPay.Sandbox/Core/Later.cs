namespace WooshPay.Sandbox.Core;

/// <summary>Runs work after a delay on the thread pool, unless the state it belongs to was reset meanwhile.</summary>
public static class Later
{
    public static void Run(TimeSpan delay, SandboxState state, Action action)
    {
        if (delay <= TimeSpan.Zero) delay = TimeSpan.FromMilliseconds(1);
        _ = Task.Delay(delay, state.Lifetime).ContinueWith(t =>
        {
            if (!t.IsCanceled && !state.IsDiscarded) action();
        }, TaskScheduler.Default);
    }
}
