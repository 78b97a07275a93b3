using Nop.Plugin.Payments.AlipayPlus.Settlement;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// A node's clock: the real time plus an offset the test moves, so one node can be put past a lease while the
/// other is not. It keeps running rather than standing still because the plugin waits on it (OrderPaymentLock polls
/// with Task.Delay on the TimeProvider until a deadline read from it): a frozen clock would make that wait endless,
/// and a fake whose timers fire only when advanced (Microsoft.Extensions.TimeProvider.Testing) would hang the delay.
/// Timers are the real ones.
/// </summary>
public sealed class FarmClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Makes "now" the given moment; the clock runs on from there.</summary>
    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - System.GetUtcNow()).Ticks);
}
