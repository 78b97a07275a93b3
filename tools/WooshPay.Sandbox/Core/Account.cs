namespace WooshPay.Sandbox.Core;

/// <summary>
/// The caller, identified by its secret key. Every object belongs to the key that created it, so
/// parallel tests using different keys never see each other's intents, events or webhooks.
/// </summary>
public sealed record Account(string SecretKey, bool Livemode);
