namespace WooshPay.Sandbox.Core;

/// <summary>Objects carry milliseconds (like the seed); events carry unix seconds.</summary>
public static class Clock
{
    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    public static long NowSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
