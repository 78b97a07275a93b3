using System.Globalization;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using WooshPay.Sandbox;
using WooshPay.Sandbox.Faults;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// What the soaks share: the sandbox's options and faults, the client's short retries, bounded concurrency, the
/// waits for the gateway's backlog, and the arithmetic the verdicts compare with. One place, so the in-memory
/// soak and the farm soak meet the same weather.
/// </summary>
internal static class SoakKit
{
    public const int Concurrency = 8;
    public const string ReturnUrl = "https://shop.example/Plugins/AlipayPlus/Return";

    // Shopper currencies with the order's rate to the primary USD (WooshPay takes all of them).
    public static readonly (string Code, decimal Rate)[] Currencies = [("HKD", 7.8m), ("MYR", 4.7m), ("PHP", 58m),
        ("IDR", 16250m)];

    public static SandboxOptions SandboxOptions() => new()
    {
        // Long enough that the admin's own bookkeeping is done before a refund settles.
        RefundSettleDelay = TimeSpan.FromMilliseconds(400),
        RefundFailureRate = 0.15,
        WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(50),
        WebhookMaxAttempts = 10,
        WebhookTimeout = TimeSpan.FromSeconds(15)
    };

    /// <summary>The webhook and API weather of every soak: drops, duplicates,
    /// delays, reorders, 5xx, 429 and hangs.</summary>
    public static FaultSettings Faults(int seed) => new()
    {
        Fail5xxRate = 0.04,
        Fail429Rate = 0.03,
        RetryAfterSeconds = 0,
        TimeoutRate = 0.03,
        TimeoutMs = 1500,
        WebhookDropRate = 0.2,
        WebhookDuplicateRate = 0.2,
        WebhookDelayRate = 0.1,
        WebhookDelayMs = 400,
        WebhookReorderRate = 0.1,
        Seed = seed
    };

    /// <summary>Short back-off and attempt timeouts, so a soak under injected faults retries quickly.</summary>
    public static WooshPayResilienceOptions ClientResilience() => new()
    {
        MaxRetries = 6,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = TimeSpan.FromMilliseconds(750),
        TotalTimeout = TimeSpan.FromSeconds(30),
        MaxRetryAfter = TimeSpan.FromSeconds(2)
    };

    public static int ReadInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture,
            out var value) && value > 0 ? value : fallback;

    public static bool IsPaid(Order order) =>
        order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded;

    /// <summary>A refund in the charged currency, in the primary currency
    /// as the plugin books it (rounded per refund).</summary>
    public static decimal ToPrimary(Order order, string currency, long minor)
    {
        var rate = string.Equals(currency, order.CustomerCurrencyCode, StringComparison.OrdinalIgnoreCase)
            && order.CurrencyRate > 0 ? order.CurrencyRate : 1m;
        return Math.Round(PresentmentCurrencies.Find(currency)!.FromMinorUnits(minor) / rate, 2,
            MidpointRounding.AwayFromZero);
    }

    public static async Task ForEachBoundedAsync<T>(IEnumerable<T> items, Func<T, Task> work)
    {
        using var slots = new SemaphoreSlim(Concurrency);
        var tasks = items.Select(async item =>
        {
            await slots.WaitAsync();
            try
            {
                await work(item);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks);
    }

    public static async Task WaitForRefundsToSettleAsync(HttpClient admin, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        while (true)
        {
            var state = JsonNode.Parse(await admin.GetStringAsync("_sandbox/state"))!;
            if (!state["refunds"]!.AsArray().Any(refund => (string)refund!["status"] == RefundStatus.Pending))
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"refunds still pending at the sandbox after {budget}");
            await Task.Delay(200);
        }
    }

    public static async Task WaitForDeliveriesAsync(HttpClient admin, TimeSpan budget, bool mustDrain)
    {
        var deadline = DateTime.UtcNow + budget;
        while (true)
        {
            var pending = JsonNode.Parse(
                await admin.GetStringAsync("_sandbox/deliveries?state=pending"))!["data"]!.AsArray();
            if (pending.Count == 0)
                return;
            if (DateTime.UtcNow > deadline)
            {
                if (mustDrain)
                    Assert.Fail($"{pending.Count} webhook deliveries still pending after {budget}: " +
                        $"{string.Join(", ", pending.Take(5).Select(d =>
                            $"{d!["event_type"]} attempts {d["attempts"]} last {d["last_status_code"]}"))}");
                return;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The succeeded intents of each order at WooshPay, by
    /// the order guid the plugin puts in their metadata.</summary>
    public static ILookup<string, JsonObject> IntentsByOrderGuid(IEnumerable<JsonObject> intents) => intents
        .Where(intent => intent["metadata"]?[AttemptMetadata.OrderGuid] is not null)
        .ToLookup(intent => (string)intent["metadata"]![AttemptMetadata.OrderGuid]);

    public static bool Succeeded(JsonObject intent) => (string)intent["status"] == PaymentIntentStatus.Succeeded;
}
