using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Model;

public sealed class SandboxEvent : SandboxObject
{
    private int _pendingWebhooks;

    public SandboxEvent(Account account, string type, JsonObject dataObject, string apiVersion) : base("evt", account)
    {
        Type = type;
        DataObject = dataObject;
        ApiVersion = apiVersion;
        CreatedSeconds = Clock.NowSeconds;
    }

    public string Type { get; }

    /// <summary>Snapshot of the object at the moment of the change; never mutated afterwards.</summary>
    public JsonObject DataObject { get; }

    public string ApiVersion { get; }
    public long CreatedSeconds { get; }

    /// <summary>Id of the object the event is about (for filtering and resend).</summary>
    public string? ObjectId => DataObject["id"]?.GetValue<string>();

    public int PendingWebhooks => Volatile.Read(ref _pendingWebhooks);
    public void AddPending(int count) => Interlocked.Add(ref _pendingWebhooks, count);

    protected override JsonObject BuildJson() => new()
    {
        ["id"] = Id,
        ["object"] = "event",
        ["api_version"] = ApiVersion,
        ["created"] = CreatedSeconds,
        ["data"] = new JsonObject { ["object"] = DataObject.DeepClone() },
        ["livemode"] = Livemode,
        ["pending_webhooks"] = PendingWebhooks,
        ["type"] = Type,
    };
}
