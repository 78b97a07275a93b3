using System.Text.Json.Serialization;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Models.Public;

public record PaymentReturnModel : BaseNopModel
{
    /// <summary>
    /// Seconds between looks while the payment is unconfirmed: soon at first (the wallet usually confirms within
    /// seconds), then ever more rarely, and none after about 5 minutes, when the page says so and offers to
    /// check again. The page polls on this schedule in the background; without JavaScript it reloads on it.
    /// </summary>
    public static readonly IReadOnlyList<int> PollDelaySeconds =
        [2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15];

    public int OrderId { get; set; }

    public Guid OrderGuid { get; set; }

    public string CustomOrderNumber { get; set; }

    public PaymentReturnState State { get; set; }

    /// <summary>The browser that placed the order: a paid order goes on to nopCommerce's completed page.</summary>
    public bool IsOwner { get; set; }

    /// <summary>The return URL's token, carried into the poll and
    /// reload URLs; null for the order's own browser.</summary>
    public string Token { get; set; }

    /// <summary>How many reloads a page without JavaScript has made; the schedule's position.</summary>
    public int Look { get; set; }

    /// <summary>The waiting page has looked for the whole schedule: it stops and offers "Check again".</summary>
    public bool PollingStopped => State == PaymentReturnState.Waiting && Look >= PollDelaySeconds.Count;

    /// <summary>When a page without JavaScript reloads itself; 0 for a page that waits for nothing.</summary>
    public int RefreshSeconds => State == PaymentReturnState.Waiting && !PollingStopped ? PollDelaySeconds[Look] : 0;

    /// <summary>The state as the page and its poll name it.</summary>
    public string StateName() => StateName(State);

    public static string StateName(PaymentReturnState state) => state switch
    {
        PaymentReturnState.Completed => "paid",
        PaymentReturnState.Waiting => "waiting",
        PaymentReturnState.Failed => "failed",
        PaymentReturnState.Canceled => "canceled",
        PaymentReturnState.Expired => "expired",
        _ => "error"
    };
}

/// <summary>What the page's background poll reads: the state's name and nothing else.</summary>
public sealed record PaymentReturnStateModel([property: JsonPropertyName("state")] string State);
