using System.Security.Cryptography;

namespace WooshPay.Sandbox.Core;

/// <summary>
/// Ids shaped like WooshPay's (<c>pi_1646355176136638464</c>): a prefix and 19 digits. One
/// process-wide counter seeded from the clock keeps ids unique and strictly increasing, so
/// "newest first" is simply "highest sequence first".
/// </summary>
public static class IdGenerator
{
    private static long _sequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

    public static (string Id, long Sequence) Next(string prefix)
    {
        var seq = Interlocked.Increment(ref _sequence);
        return ($"{prefix}_{seq}", seq);
    }

    public static string NextId(string prefix) => Next(prefix).Id;

    public static string RandomToken(int length) =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
}
