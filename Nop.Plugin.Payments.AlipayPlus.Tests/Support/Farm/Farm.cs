using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Caching;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;
using WooshPay.Sandbox;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>How a farm's nodes lock.</summary>
public enum FarmLocking
{
    /// <summary>nopCommerce's DistributedCacheLocker over a shared
    /// cache: excludes most of the time, not always.</summary>
    CheckThenSet,

    /// <summary>No exclusion at all.</summary>
    NeverExcluding,

    /// <summary>One in-process lock shared by the nodes: the exclusion a single server has, for comparison.</summary>
    Exclusive
}

public sealed class FarmOptions
{
    public int Nodes { get; set; } = 2;

    public FarmLocking Locking { get; set; } = FarmLocking.CheckThenSet;

    /// <summary>When set, every store's settings point at this sandbox with a key of the farm's own.</summary>
    public RunningSandbox Sandbox { get; set; }

    /// <summary>Adds to or replaces a node's services, after the farm's own registrations.</summary>
    public Action<FarmNode, IServiceCollection> Configure { get; set; }
}

/// <summary>
/// Store servers sharing one PostgreSQL database, as a nopCommerce web farm does: the plugin's tables from its own
/// migrations, nopCommerce's orders as the ShopOrder tables (<see cref="ShopTables"/>), a cache for their locks, and
/// the settings. Each node (<see cref="FarmNode"/>) has its own services, clock and crashes.
/// </summary>
public sealed class Farm : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, AlipayPlusSettings> _settings = new();
    private readonly List<FarmNode> _nodes = new();

    private Farm(PostgresTestDatabase database)
    {
        Database = database;
        Settings = new AlipayPlusSettings { SecretKey = "sk_test_farm", UseTestEnvironment = true,
            WebhookSecret = "whsec_farm" };
    }

    public PostgresTestDatabase Database { get; }

    /// <summary>The cache the nodes' CheckThenSetLockers share.</summary>
    public FarmCache Cache { get; } = new();

    /// <summary>
    /// The settings of every store without its own (<see cref="SetStoreSettings"/>): one instance for all nodes, as
    /// ShopWorld hands out, so a change is seen by every node at once.
    /// </summary>
    public AlipayPlusSettings Settings { get; }

    public IReadOnlyList<FarmNode> Nodes => _nodes;

    public FarmNode this[int index] => _nodes[index];

    public static async Task<Farm> StartAsync(FarmOptions options = null)
    {
        options ??= new FarmOptions();
        var farm = new Farm(await PostgresTestDatabase.CreateAsync(ShopTables.All));
        try
        {
            await ShopTables.CreateAsync(farm.Database);
            if (options.Sandbox is { } sandbox)
            {
                farm.Settings.SecretKey = $"sk_test_{Guid.NewGuid():N}";
                farm.Settings.ApiBaseUrl = sandbox.BaseAddress.ToString();
            }

            var exclusive = new InMemoryLocker();
            for (var i = 0; i < options.Nodes; i++)
            {
                ILocker locker = options.Locking switch
                {
                    FarmLocking.CheckThenSet => new CheckThenSetLocker(farm.Cache),
                    FarmLocking.NeverExcluding => new NeverExcludingLocker(),
                    _ => exclusive
                };
                farm._nodes.Add(new FarmNode(farm, $"node-{(char)('a' + i)}", locker, options.Configure));
            }
        }
        catch
        {
            await farm.DisposeAsync();
            throw;
        }

        return farm;
    }

    public void SetStoreSettings(int storeId, AlipayPlusSettings settings) => _settings[storeId] = settings;

    internal AlipayPlusSettings SettingsFor(int storeId) => _settings.GetValueOrDefault(storeId) ?? Settings;

    /// <summary>The plugin's (or the shop tables') rows, read straight from the database.</summary>
    public SqlRepository<TEntity> Repository<TEntity>() where TEntity : Nop.Core.BaseEntity =>
        Database.Repository<TEntity>();

    /// <summary>A checkout's order, pending payment by the plugin; returns a copy of the row.</summary>
    public async Task<Order> PlaceOrderAsync(decimal totalInPrimary = 100m, string customerCurrency = "HKD",
        decimal rate = 7.8m, int storeId = 1, int customerId = 7)
    {
        var order = new Order
        {
            OrderGuid = Guid.NewGuid(),
            StoreId = storeId,
            CustomerId = customerId,
            OrderStatus = OrderStatus.Pending,
            PaymentStatus = PaymentStatus.Pending,
            PaymentMethodSystemName = AlipayPlusDefaults.SystemName,
            CustomerCurrencyCode = customerCurrency,
            CurrencyRate = rate,
            OrderTotal = totalInPrimary,
            CreatedOnUtc = DateTime.UtcNow
        };
        var orders = Database.Repository<Order>();
        await orders.InsertAsync(order);
        order.CustomOrderNumber = order.Id.ToString();
        await orders.UpdateAsync(order);
        return await ReadOrderAsync(order.Id);
    }

    /// <summary>The order as the database has it now, in a new object.</summary>
    public Task<Order> ReadOrderAsync(int orderId) => Database.Repository<Order>().GetByIdAsync(orderId);

    /// <summary>How many times nopCommerce's order processing did <paramref name="kind"/>
    /// (a <see cref="ShopOrderEffect"/> constant) to the order, on any node.</summary>
    public async Task<int> EffectsAsync(int orderId, string kind) =>
        (await Database.Repository<ShopOrderEffect>()
            .GetAllAsync(q => q.Where(e => e.OrderId == orderId && e.Kind == kind))).Count;

    public async Task<IList<ShopOrderEffect>> EffectsAsync(int orderId) =>
        await Database.Repository<ShopOrderEffect>()
            .GetAllAsync(q => q.Where(e => e.OrderId == orderId).OrderBy(e => e.Id));

    public async Task<IList<OrderNote>> NotesAsync(int orderId) =>
        await Database.Repository<OrderNote>().GetAllAsync(q => q.Where(n => n.OrderId == orderId).OrderBy(n => n.Id));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.Provider.DisposeAsync();
        await Database.DisposeAsync();
    }
}
