namespace Nop.Plugin.Payments.AlipayPlus.Admin;

/// <summary>
/// What "Check connection" tells the shop owner, in words.
/// </summary>
public sealed record ConnectionCheckResult(bool Succeeded, string Message);
