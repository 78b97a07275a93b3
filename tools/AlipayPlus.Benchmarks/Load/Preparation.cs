using System.Text;
using System.Text.Json;
using AlipayPlus.Benchmarks.Shop;
using Microsoft.Extensions.DependencyInjection;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using WooshPay.Sandbox;

namespace AlipayPlus.Benchmarks.Load;

/// <summary>Puts orders, attempts and paid intents in place before a measured run (not timed).</summary>
public static class Preparation
{
    public static async Task ForEachAsync<T>(IReadOnlyList<T> items, int concurrency, Func<T, Task> action)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Count)
                await action(items[i]);
        })));
    }

    /// <summary>N orders checked out through the plugin: each has its attempt (pi_...) at the sandbox.</summary>
    public static async Task<List<AlipayPlusPayment>> CheckoutAsync(BenchShop shop, int n, int concurrency = 8)
    {
        var orders = Enumerable.Range(0, n).Select(_ => shop.PlaceOrder()).ToList();
        await ForEachAsync(orders, concurrency, async order =>
        {
            await using var scope = shop.Provider.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ICheckoutPaymentService>()
                .StartAsync(order, $"https://shop.example/Plugins/AlipayPlus/Return/{order.Id}");
            if (!result.Succeeded)
                throw new InvalidOperationException($"checkout of order {order.Id} failed: {result.Error}");
        });
        var ids = orders.Select(o => o.Id).ToHashSet();
        return shop.Payments.Rows.Where(p => ids.Contains(p.OrderId)).ToList();
    }

    /// <summary>The shopper pays on the wallet page (the sandbox's admin shortcut for the same state change).</summary>
    public static Task PayAsync(HttpClient admin, IReadOnlyList<string> intentIds, int concurrency = 8) =>
        ForEachAsync(intentIds, concurrency, async id =>
        {
            using var response = await admin.PostAsync($"_sandbox/payment_intents/{id}/pay",
                new StringContent("{}", Encoding.UTF8, "application/json"));
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException(
                    $"pay {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        });

    /// <summary>Every event of a type for this account, as the raw
    /// compact JSON a delivery carries, by object id.</summary>
    public static async Task<Dictionary<string, byte[]>> EventsAsync(HttpClient api, string type)
    {
        var result = new Dictionary<string, byte[]>();
        string startingAfter = null;
        while (true)
        {
            var url = $"v1/events?type={Uri.EscapeDataString(type)}&limit=100" +
                (startingAfter is null ? "" : $"&starting_after={startingAfter}");
            using var document = JsonDocument.Parse(await api.GetByteArrayAsync(url));
            var data = document.RootElement.GetProperty("data");
            foreach (var item in data.EnumerateArray())
            {
                var objectId = item.GetProperty("data").GetProperty("object").GetProperty("id").GetString();
                result[objectId] = Encoding.UTF8.GetBytes(item.GetRawText());
                startingAfter = item.GetProperty("id").GetString();
            }

            if (!document.RootElement.TryGetProperty("has_more", out var more) || more.ValueKind != JsonValueKind.True
                || data.GetArrayLength() == 0)
                return result;
        }
    }

    public static HttpClient ApiClient(RunningSandbox sandbox, string secretKey) => sandbox.CreateHttpClient(secretKey);
}
