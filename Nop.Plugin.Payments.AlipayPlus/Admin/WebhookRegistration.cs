namespace Nop.Plugin.Payments.AlipayPlus.Admin;

/// <summary>
/// The outcome of "Register webhook", with warnings the shop owner must see (a URL WooshPay cannot call).
/// </summary>
public sealed record WebhookRegistration(bool Succeeded, string Url, string EndpointId, IReadOnlyList<string> Events,
    string Message, IReadOnlyList<string> Warnings);
