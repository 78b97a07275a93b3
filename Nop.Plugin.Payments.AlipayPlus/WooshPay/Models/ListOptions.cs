#nullable enable
using System.Globalization;
using System.Text;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>Paging of list calls: the next page starts after the last id of the previous one.</summary>
public sealed class ListOptions
{
    public const int MaxLimit = 100;

    /// <summary>1 to 100; WooshPay's default is 10.</summary>
    public int? Limit { get; set; }

    public string? StartingAfter { get; set; }

    public string? EndingBefore { get; set; }

    internal void AppendTo(StringBuilder query)
    {
        if (Limit is { } limit)
        {
            if (limit is < 1 or > MaxLimit)
                throw new ArgumentOutOfRangeException(nameof(Limit), limit,
                    "WooshPay lists take a limit from 1 to 100.");
            Append(query, "limit", limit.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(StartingAfter))
            Append(query, "starting_after", StartingAfter);
        if (!string.IsNullOrEmpty(EndingBefore))
            Append(query, "ending_before", EndingBefore);
    }

    internal static void Append(StringBuilder query, string name, string value)
    {
        query.Append(query.Length == 0 ? '?' : '&')
            .Append(name)
            .Append('=')
            .Append(Uri.EscapeDataString(value));
    }
}
