using System.Collections.Concurrent;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// The crashes armed on one node. Each is one-shot: it fires once, and the next call works again.
/// </summary>
public sealed class CrashPlan
{
    private readonly string _node;
    private readonly ConcurrentDictionary<FarmStep, byte> _steps = new();
    private readonly List<ArmedWrite> _writes = new();
    private readonly object _sync = new();
    private int _fired;

    public CrashPlan(string node)
    {
        _node = node;
    }

    public int Fired => Volatile.Read(ref _fired);

    /// <summary>Where and when each crash happened, so a soak can tell an order's history from them.</summary>
    public ConcurrentQueue<string> FiredAt { get; } = new();

    public void Arm(FarmStep step) => _steps[step] = 0;

    public void Arm(Type entity, RepositoryWrite write, int nth, CrashMoment moment)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        lock (_sync)
            _writes.Add(new ArmedWrite(entity, write, moment) { Remaining = nth });
    }

    /// <summary>Dies here if this step is armed.</summary>
    public void At(FarmStep step)
    {
        if (_steps.TryRemove(step, out _))
            Crash(step.ToString());
    }

    /// <summary>
    /// Counts a write of the entity; when it is the armed one, says when it dies. Writes are counted from when the
    /// crash was armed.
    /// </summary>
    public CrashMoment? Counting(Type entity, RepositoryWrite write)
    {
        lock (_sync)
        {
            var armed = _writes.FirstOrDefault(w => w.Entity == entity && w.Write == write);
            if (armed is null || --armed.Remaining > 0)
                return null;
            _writes.Remove(armed);
            return armed.Moment;
        }
    }

    /// <summary>Nothing armed dies any more: the node runs on clean (a soak's last phase).</summary>
    public void DisarmAll()
    {
        _steps.Clear();
        lock (_sync)
            _writes.Clear();
    }

    public void Crash(string where)
    {
        Interlocked.Increment(ref _fired);
        FiredAt.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {_node} {where}");
        throw new SimulatedCrashException(_node, where);
    }

    private sealed record ArmedWrite(Type Entity, RepositoryWrite Write, CrashMoment Moment)
    {
        public int Remaining { get; set; }
    }
}
