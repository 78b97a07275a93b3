#nullable enable
namespace Nop.Plugin.Payments.AlipayPlus.WooshPay;

/// <summary>
/// WooshPay timestamps come as Unix milliseconds (objects, expires_at) and, in some event
/// examples, Unix seconds. 10^11 seconds is the year 5138 while 10^11 milliseconds is 1973, so the
/// magnitude tells the two apart for any date this plugin will meet.
/// </summary>
public static class WooshPayTimestamp
{
    private const long MillisecondsThreshold = 100_000_000_000;
    private const long MaxUnixMilliseconds = 253_402_300_799_999;
    private const long MinUnixSeconds = -62_135_596_800;

    public static DateTimeOffset ToDateTimeOffset(long value)
    {
        if (value >= MillisecondsThreshold)
            return value > MaxUnixMilliseconds
                ? DateTimeOffset.MaxValue
                : DateTimeOffset.FromUnixTimeMilliseconds(value);

        return value < MinUnixSeconds ? DateTimeOffset.MinValue : DateTimeOffset.FromUnixTimeSeconds(value);
    }

    public static DateTimeOffset? ToDateTimeOffset(long? value) => value is null ? null : ToDateTimeOffset(value.Value);
}
