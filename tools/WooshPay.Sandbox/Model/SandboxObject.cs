using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Model;

/// <summary>
/// Base of every stored object: owner, id, ordering sequence and a private lock. Mutations and
/// snapshots both happen under <see cref="Sync"/>, so a snapshot never shows a half-made change.
/// </summary>
public abstract class SandboxObject
{
    protected SandboxObject(string prefix, Account account)
    {
        (Id, Sequence) = IdGenerator.Next(prefix);
        Account = account;
        Created = Clock.NowMs;
    }

    public object Sync { get; } = new();
    public string Id { get; }
    public long Sequence { get; }
    public Account Account { get; }
    public long Created { get; }
    public bool Livemode => Account.Livemode;

    /// <summary>Builds the API representation; callers need not hold the lock.</summary>
    public JsonObject Snapshot()
    {
        lock (Sync) return BuildJson();
    }

    protected abstract JsonObject BuildJson();
}
