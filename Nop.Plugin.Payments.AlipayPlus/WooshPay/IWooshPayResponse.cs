#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// An answer object that is useless without some fields (a PaymentIntent without id or status):
/// the client rejects such an answer as a WooshPayException instead of handing back a half object.
/// </summary>
internal interface IWooshPayResponse
{
    /// <summary>The wire name of the first required field that is missing, or null when complete.</summary>
    string? FindMissingField();
}
