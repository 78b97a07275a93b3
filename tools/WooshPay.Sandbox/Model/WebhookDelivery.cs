using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Model;

/// <summary>One event bound for one endpoint, with its attempt history.</summary>
public sealed class WebhookDelivery
{
    public WebhookDelivery(SandboxEvent evt, WebhookEndpoint endpoint)
    {
        Id = IdGenerator.NextId("wd");
        Event = evt;
        Endpoint = endpoint;
        Created = Clock.NowMs;
    }

    public object Sync { get; } = new();
    public string Id { get; }
    public SandboxEvent Event { get; }
    public WebhookEndpoint Endpoint { get; }
    public long Created { get; }

    /// <summary>pending | delivered | failed | dropped</summary>
    public string State { get; set; } = "pending";
    public int Attempts { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public long? LastAttemptAt { get; set; }
    public long? NextAttemptAt { get; set; }
    public long? DeliveredAt { get; set; }
    public bool Duplicated { get; set; }
    public int DelayedMs { get; set; }
    public bool Reordered { get; set; }

    /// <summary>The <c>t=</c> of the first attempt; sent again by
    /// every retry when retries keep the original timestamp.</summary>
    public long? FirstSignedAt { get; set; }

    /// <summary>The <c>t=</c> of the latest attempt.</summary>
    public long? LastSignedAt { get; set; }

    /// <summary>Bumped by a resend so a stale scheduled retry can tell it was superseded.</summary>
    public int Generation { get; set; }

    public JsonObject Snapshot()
    {
        lock (Sync)
        {
            return new JsonObject
            {
                ["id"] = Id,
                ["object"] = "webhook_delivery",
                ["created"] = Created,
                ["event_id"] = Event.Id,
                ["event_type"] = Event.Type,
                ["object_id"] = Event.ObjectId,
                ["endpoint_id"] = Endpoint.Id,
                ["endpoint_url"] = Endpoint.Url,
                ["attempts"] = Attempts,
                ["last_status_code"] = LastStatusCode,
                ["last_error"] = LastError,
                ["last_attempt_at"] = LastAttemptAt,
                ["next_attempt_at"] = NextAttemptAt,
                ["delivered_at"] = DeliveredAt,
                ["state"] = State,
                ["duplicated"] = Duplicated,
                ["delayed_ms"] = DelayedMs,
                ["reordered"] = Reordered,
                ["first_signed_at"] = FirstSignedAt,
                ["last_signed_at"] = LastSignedAt,
            };
        }
    }
}
