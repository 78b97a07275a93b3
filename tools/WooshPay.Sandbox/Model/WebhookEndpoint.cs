using System.Text.Json.Nodes;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Model;

public sealed class WebhookEndpoint : SandboxObject
{
    public WebhookEndpoint(Account account, string url, IReadOnlyList<string> enabledEvents) : base("we", account)
    {
        Url = url;
        EnabledEvents = enabledEvents;
        Secret = "whsec_" + IdGenerator.RandomToken(32);
    }

    public string Url { get; }
    public IReadOnlyList<string> EnabledEvents { get; }
    public string Secret { get; }
    public string? Description { get; set; }
    public string? ApiVersion { get; set; }
    public Dictionary<string, string>? Metadata { get; set; }
    public bool Deleted { get; set; }

    public bool Wants(string eventType) =>
        !Deleted && EnabledEvents.Any(e => e == "*" || string.Equals(e, eventType, StringComparison.Ordinal));

    protected override JsonObject BuildJson() => new()
    {
        ["id"] = Id,
        ["object"] = "webhook_endpoint",
        ["created"] = Created,
        ["description"] = Description,
        ["metadata"] = SandboxJson.StringMap(Metadata),
        ["status"] = "enabled",
        ["url"] = Url,
        ["livemode"] = Livemode,
        ["api_version"] = ApiVersion,
        ["enabled_events"] = SandboxJson.StringArray(EnabledEvents),
        // Always shown (WooshPay shows it on create); a sandbox has nothing to hide.
        ["secret"] = Secret,
    };
}
