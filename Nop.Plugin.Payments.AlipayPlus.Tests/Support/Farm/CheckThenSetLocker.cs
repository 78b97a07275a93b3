using Nop.Core.Caching;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// nopCommerce 4.90's DistributedCacheLocker (src/Libraries/Nop.Core/Caching/DistributedCacheLocker.cs), over the
/// farm's shared cache: it reads the key, and if it is empty sets it in a second round trip, so two nodes that both
/// read before either set both run the action; and it removes the key in finally without asking whose it is, so a
/// holder whose lock expired frees the next holder's. A lock that excludes only most of the time, as in a real farm.
/// </summary>
public sealed class CheckThenSetLocker : ILocker
{
    private const string Running = "Running";
    private const string Canceled = "Canceled";

    private readonly FarmCache _cache;

    public CheckThenSetLocker(FarmCache cache)
    {
        _cache = cache;
    }

    /// <summary>
    /// Runs between the check and the set; a yield by default (the round trip). A test can hold callers here to make
    /// the race certain instead of likely.
    /// </summary>
    public Func<string, Task> BetweenCheckAndSet { get; set; } = async _ => await Task.Yield();

    public async Task<bool> PerformActionWithLockAsync(string resource, TimeSpan expirationTime, Func<Task> action)
    {
        if (!string.IsNullOrEmpty(await _cache.GetStringAsync(resource)))
            return false;

        try
        {
            await BetweenCheckAndSet(resource);
            await _cache.SetStringAsync(resource, resource, expirationTime);

            await action();

            return true;
        }
        finally
        {
            // As nopCommerce does: whoever holds the key now, it goes.
            await _cache.RemoveAsync(resource);
        }
    }

    // The members nopCommerce's ILocker has beyond the build slice's,
    // the same way (no ILocker in the slice declares them).

    public async Task RunWithHeartbeatAsync(string key, TimeSpan expirationTime, TimeSpan heartbeatInterval,
        Func<CancellationToken, Task> action, CancellationTokenSource cancellationTokenSource = default)
    {
        if (!string.IsNullOrEmpty(await _cache.GetStringAsync(key)))
            return;

        var tokenSource = cancellationTokenSource ?? new CancellationTokenSource();
        using var stopHeartbeat = new CancellationTokenSource();
        Task heartbeat = Task.CompletedTask;
        try
        {
            await BetweenCheckAndSet(key);
            await _cache.SetStringAsync(key, Running, expirationTime);
            heartbeat = BeatAsync(key, expirationTime, heartbeatInterval, tokenSource, stopHeartbeat.Token);

            await action(tokenSource.Token);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
            await _cache.RemoveAsync(key);
        }
    }

    public async Task CancelTaskAsync(string key, TimeSpan expirationTime)
    {
        var status = await _cache.GetStringAsync(key);
        if (!string.IsNullOrEmpty(status) && status != Canceled)
            await _cache.SetStringAsync(key, Canceled, expirationTime);
    }

    public async Task<bool> IsTaskRunningAsync(string key) => !string.IsNullOrEmpty(await _cache.GetStringAsync(key));

    // nopCommerce's timer callback: a Canceled flag cancels the task, anything else is overwritten with Running.
    private async Task BeatAsync(string key, TimeSpan expirationTime, TimeSpan interval, CancellationTokenSource task,
        CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (await _cache.GetStringAsync(key) == Canceled)
                {
                    await task.CancelAsync();
                    return;
                }

                await _cache.SetStringAsync(key, Running, expirationTime);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
