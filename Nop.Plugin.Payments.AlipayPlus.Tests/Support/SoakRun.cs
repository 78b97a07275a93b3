using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Services.Payments;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// The shop a soak drives: ShopWorld's one process, or a farm's nodes on one database.
/// </summary>
internal interface ISoakShop
{
    Task<Order> PlaceOrderAsync(decimal total, string currency, decimal rate, int storeId);

    /// <summary>The order as a request reads it when it starts: ShopWorld's
    /// one object, or a node's fresh copy.</summary>
    Task<Order> ReadOrderAsync(Order order);

    /// <summary>
    /// A service of the server one request lands on. ShopWorld has one and draws nothing from
    /// <paramref name="random"/>, so its soak's decisions stay what they were.
    /// </summary>
    T Get<T>(Random random);

    /// <summary>
    /// The admin's refund as nopCommerce's OrderProcessingService makes it in one request: asks the payment method with
    /// its copy of the order, then on success adds the amount, takes the answered status, writes the order and
    /// publishes OrderRefundedEvent.
    /// </summary>
    Task<RefundPaymentResult> AdminRefundAsync(Order copy, decimal amount, bool isPartial, Random random);
}

/// <summary>The shoppers and the admin: every decision is drawn from a Random seeded per order.</summary>
internal sealed class SoakRun
{
    private readonly ISoakShop _shop;
    private readonly HttpClient _admin;
    private readonly int _seed;
    private readonly int[] _stores;
    private readonly ConcurrentDictionary<int, Order> _orders = new();

    /// <param name="stores">The stores shoppers pick from, one in two each.</param>
    public SoakRun(ISoakShop shop, HttpClient admin, int seed, params int[] stores)
    {
        _shop = shop;
        _admin = admin;
        _seed = seed;
        _stores = stores;
    }

    /// <summary>Each order as it was placed (a farm's rows change after; read them again to judge).</summary>
    public IReadOnlyList<Order> Orders => _orders.Values.OrderBy(order => order.Id).ToList();
    public ConcurrentQueue<string> Exceptions { get; } = new();
    public ConcurrentBag<string> AdminCountedRefundIds { get; } = new();
    public int Starts;
    public int StartErrors;
    public int Returns;
    public int AdminRefunds;
    public int AdminRefundsAccepted;
    public int DashboardRefunds;

    /// <summary>Requests whose server died under them (a farm's injected
    /// crashes); the shopper or admin saw an error page.</summary>
    public int RequestsDied;

    public int RefundsRequested => AdminRefunds + DashboardRefunds;

    public async Task ShopAsync(int index)
    {
        var random = new Random(unchecked(_seed * 1_000_003 + index));
        var storeId = _stores[random.Next(_stores.Length)];
        var (currency, rate) = SoakKit.Currencies[random.Next(SoakKit.Currencies.Length)];
        var total = Math.Round(5m + (decimal)random.NextDouble() * 495m, 2);
        var order = await _shop.PlaceOrderAsync(total, currency, rate, storeId);
        _orders[order.Id] = order;

        try
        {
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                var start = await StartAsync(order, random);
                if (start is null)
                    return;

                // Paid already, or the payment is being processed: the shopper only looks at the return page.
                if (start.RedirectUrl is null)
                {
                    await ReturnAsync(order, random);
                    return;
                }

                var payment = await _shop.Get<IPaymentRecordStore>(random).GetLatestByOrderIdAsync(order.Id);
                var roll = random.NextDouble();
                var action = roll < 0.6 ? "pay" : roll < 0.8 ? "fail" : roll < 0.9 ? "cancel" : "abandon";
                if (action != "abandon")
                    await ActAsync(payment, action);

                if (random.NextDouble() < 0.6)
                    await ReturnAsync(order, random);

                // Some shoppers try again after a failure or a cancel; the others leave.
                if (action is "pay" or "abandon" || random.NextDouble() < 0.4)
                    return;
            }
        }
        catch (Exception exception)
        {
            Exceptions.Enqueue($"order {order.Id}: {exception}");
        }
    }

    private async Task<PaymentStartResult> StartAsync(Order order, Random random)
    {
        // A gateway error (or a server dying under the request) is shown
        // to the shopper, who clicks "pay" again a couple of times.
        for (var click = 0; click < 3; click++)
        {
            Interlocked.Increment(ref Starts);
            var result = await SurvivingAsync(async () =>
                await _shop.Get<ICheckoutPaymentService>(random)
                    .StartAsync(await _shop.ReadOrderAsync(order), $"{SoakKit.ReturnUrl}?orderGuid={order.OrderGuid}"));
            if (result?.Succeeded == true)
                return result;
            Interlocked.Increment(ref StartErrors);
        }

        return null;
    }

    private async Task ReturnAsync(Order order, Random random)
    {
        Interlocked.Increment(ref Returns);
        await SurvivingAsync(async () => await _shop.Get<IPaymentReturnService>(random)
            .GetStateAsync(await _shop.ReadOrderAsync(order)));
    }

    private async Task ActAsync(AlipayPlusPayment payment, string action)
    {
        // The wallet page: pay, fail or cancel the cashier (intent) or the hosted checkout (session).
        var path = payment.Flow == PaymentFlow.CheckoutSession
            ? $"_sandbox/checkout/sessions/{payment.CheckoutSessionId}/{action}"
            : $"_sandbox/payment_intents/{payment.PaymentIntentId}/{action}";
        using var response = await _admin.PostAsJsonAsync(path, new { });
        // 400 = no longer payable (closed meanwhile): the shopper sees the wallet's error page.
        if (!response.IsSuccessStatusCode && (int)response.StatusCode != 400)
            Exceptions.Enqueue(
                $"sandbox {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task RefundAsync(Order order)
    {
        var random = new Random(unchecked(_seed * 7_919 + order.Id * 31 + 17));
        try
        {
            var roll = random.NextDouble();
            if (roll < 0.3)
            {
                if (random.NextDouble() < 0.4)
                {
                    await AdminRefundAsync(order, order.OrderTotal, partial: false, random);
                    return;
                }

                var partials = random.NextDouble() < 0.3 ? 2 : 1;
                for (var i = 0; i < partials; i++)
                    await AdminRefundAsync(order,
                        Math.Max(0.01m, Math.Round((decimal)random.NextDouble() * order.OrderTotal / 2, 2)),
                        partial: true, random);
            }
            else if (roll < 0.36)
            {
                await DashboardRefundAsync(order, random);
            }
        }
        catch (Exception exception)
        {
            Exceptions.Enqueue($"refund of order {order.Id}: {exception}");
        }
    }

    private async Task AdminRefundAsync(Order order, decimal amount, bool partial, Random random)
    {
        Interlocked.Increment(ref AdminRefunds);
        // The admin's request: nopCommerce reads the order, asks the payment method, then books on its own copy.
        var accepted = await SurvivingAsync(async () =>
        {
            var copy = await _shop.ReadOrderAsync(order);
            var result = await _shop.AdminRefundAsync(copy, amount, partial, random);
            return result.Success;
        });
        if (!accepted)
            return;

        Interlocked.Increment(ref AdminRefundsAccepted);
        var latest = (await _shop.Get<RefundRecordStore>(random).GetByOrderIdAsync(order.Id))
            .Where(r => !r.FromDashboard)
            .MaxBy(r => r.Id);
        if (latest?.RefundId is not null)
            AdminCountedRefundIds.Add(latest.RefundId);
    }

    private async Task DashboardRefundAsync(Order order, Random random)
    {
        // The intent the shop counts: a node that died before recording its attempt leaves the order paid with the
        // attempt's record still pending until the redelivery; the order names the intent either way.
        var payments = await _shop.Get<IPaymentRecordStore>(random).GetByOrderIdAsync(order.Id);
        var captured = (await _shop.ReadOrderAsync(order)).CaptureTransactionId;
        var payment = payments.LastOrDefault(p => p.Status == PaymentIntentStatus.Succeeded)
            ?? payments.FirstOrDefault(p => p.PaymentIntentId == captured);
        if (payment is null)
            return;
        var full = random.NextDouble() < 0.5;
        var fail = random.NextDouble() < 0.25;
        var body = new JsonObject { ["payment_intent"] = payment.PaymentIntentId,
            ["reason"] = RefundReasons.RequestedByCustomer };
        if (!full)
            body["amount"] = Math.Max(1, payment.AmountMinor / (2 + random.Next(3)));
        if (fail)
            body["metadata"] = new JsonObject { ["sandbox_outcome"] = "failed" };

        Interlocked.Increment(ref DashboardRefunds);
        using var response = await _admin.PostAsJsonAsync("_sandbox/refunds", body);
        if (!response.IsSuccessStatusCode)
            Exceptions.Enqueue($"dashboard refund of order {order.Id}: {(int)response.StatusCode} " +
                $"{await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// One request; a server that dies under it (an injected crash) ends it with an error page, which is not the
    /// plugin failing: what the dead server left behind is for the redeliveries and reconciliation to finish.
    /// </summary>
    private async Task<T> SurvivingAsync<T>(Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (SimulatedCrashException)
        {
            Interlocked.Increment(ref RequestsDied);
            return default;
        }
    }
}
