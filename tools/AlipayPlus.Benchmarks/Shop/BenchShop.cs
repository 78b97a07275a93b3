using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Core.Configuration;
using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using Nop.Services.Configuration;
using Nop.Services.Directory;
using Nop.Services.Localization;
using Nop.Services.Logging;
using Nop.Services.Orders;
using Nop.Services.ScheduleTasks;
using Nop.Services.Stores;

namespace AlipayPlus.Benchmarks.Shop;

/// <summary>
/// The tests' ShopWorld, trimmed for load: the plugin's services wired by AddAlipayPlusServices exactly as
/// NopStartup wires them, nopCommerce's order, setting, localization and logging services as small
/// in-memory fakes with nopCommerce's rules (no mocking library on the measured path), the plugin's three
/// tables in the database --db chooses (<see cref="BenchDatabase"/>). Services nothing measured calls stay Moq mocks.
/// </summary>
public sealed class BenchShop : IDisposable
{
    public const string PrimaryCurrency = "USD";

    private readonly ConcurrentDictionary<int, Order> _orders;
    private int _nextOrderId = 1000;

    private readonly BenchDatabase _database;
    private readonly bool _ownsDatabase;

    /// <param name="sameStoreAs">Another node of the same store (a web farm): this shop shares its database, its
    /// tables, its orders and nopCommerce's order services, and has its own plugin services, DI container and
    /// locker (an in-memory locker per node, as separate servers would have).</param>
    public BenchShop(Action<IServiceCollection> configure = null, string database = null, BenchShop sameStoreAs = null)
    {
        _ownsDatabase = sameStoreAs is null;
        _database = sameStoreAs?._database ?? BenchDatabase.Open(database);
        _orders = sameStoreAs?._orders ?? new ConcurrentDictionary<int, Order>();
        // The unique indexes the migration creates (the SQL databases get them from the migration itself).
        Payments = sameStoreAs?.Payments ?? _database.Table<AlipayPlusPayment>(p => (p.OrderId, p.Attempt));
        Refunds = sameStoreAs?.Refunds ?? _database.Table<AlipayPlusRefund>(r => r.IdempotencyKey);
        WebhookEvents = sameStoreAs?.WebhookEvents ?? _database.Table<AlipayPlusWebhookEvent>(e => e.EventId);
        Claims = sameStoreAs?.Claims ?? _database.Table<AlipayPlusClaim>(c => c.ClaimKey);
        Orders = sameStoreAs?.Orders ?? new FakeOrderService(_orders);
        OrderProcessing = sameStoreAs?.OrderProcessing ?? new FakeOrderProcessing();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAlipayPlusServices();
        services.AddSingleton<IOrderService>(Orders);
        services.AddSingleton<IOrderProcessingService>(OrderProcessing);
        services.AddSingleton<ISettingService>(new FakeSettingService(Settings));
        services.AddSingleton<ILocalizationService>(new FakeLocalization());
        services.AddSingleton<ILogger>(Log);
        services.AddSingleton<ICurrencyService>(new FakeCurrencies());
        services.AddSingleton<IWorkContext>(new FakeWorkContext());
        services.AddSingleton(new CurrencySettings { PrimaryStoreCurrencyId = 1 });
        services.AddSingleton<ILocker>(new InMemoryLocker());
        services.AddSingleton(new Mock<IStoreContext>().Object);
        var stores = new Mock<IStoreService>();
        stores
            .Setup(s => s.GetStoreByIdAsync(It.IsAny<int>()))
            .ReturnsAsync((int id) => id > 0 ? new Store { Id = id } : null);
        services.AddSingleton(stores.Object);
        services.AddSingleton(new Mock<IHttpContextAccessor>().Object);
        services.AddSingleton(new Mock<IOrderTotalCalculationService>().Object);
        services.AddSingleton(new Mock<IScheduleTaskService>().Object);
        services.AddSingleton(new Mock<ILanguageService>().Object);
        services.AddSingleton(new Mock<IWebHelper>().Object);
        services.AddSingleton(new WidgetSettings());
        services.AddSingleton<IRepository<AlipayPlusPayment>>(Payments);
        services.AddSingleton<IRepository<AlipayPlusRefund>>(Refunds);
        services.AddSingleton<IRepository<AlipayPlusWebhookEvent>>(WebhookEvents);
        services.AddSingleton<IRepository<AlipayPlusClaim>>(Claims);
        var orderTable = new Mock<IRepository<Order>>();
        orderTable.Setup(r => r.GetByIdAsync(It.IsAny<int?>(), It.IsAny<Func<ICacheKeyService, CacheKey>>(),
                It.IsAny<bool>(), It.IsAny<bool>()))
            .ReturnsAsync((int? id, Func<ICacheKeyService, CacheKey> _, bool _, bool _) =>
                _orders.GetValueOrDefault(id ?? 0));
        services.AddSingleton(orderTable.Object);
        configure?.Invoke(services);
        Provider = services.BuildServiceProvider();
    }

    public AlipayPlusSettings Settings { get; } =
        new() { SecretKey = "sk_test_bench", UseTestEnvironment = true, WebhookSecret = "whsec_bench" };

    public FakeOrderService Orders { get; }
    public FakeOrderProcessing OrderProcessing { get; }
    public FakeLogger Log { get; } = new();

    public IBenchTable<AlipayPlusPayment> Payments { get; }
    public IBenchTable<AlipayPlusRefund> Refunds { get; }
    public IBenchTable<AlipayPlusWebhookEvent> WebhookEvents { get; }
    public IBenchTable<AlipayPlusClaim> Claims { get; }

    public string DatabaseDescription => _database.Description;

    public ServiceProvider Provider { get; }

    public TimeSpan RepositoryTime => Payments.TimeInside + Refunds.TimeInside + WebhookEvents.TimeInside +
        Claims.TimeInside;

    public long RepositoryCalls => Payments.Calls + Refunds.Calls + WebhookEvents.Calls + Claims.Calls;

    /// <summary>Repository calls by table and kind, divided by
    /// <paramref name="per"/>: "AlipayPlusClaim Insert 2.00, ...".</summary>
    public string DescribeRepositoryCalls(double per)
    {
        var parts = new List<string>();
        foreach (var (name, operations) in new (string, IReadOnlyDictionary<string, long>)[]
        {
            (nameof(AlipayPlusPayment), Payments.Operations), (nameof(AlipayPlusRefund), Refunds.Operations),
            (nameof(AlipayPlusWebhookEvent), WebhookEvents.Operations), (nameof(AlipayPlusClaim), Claims.Operations)
        })
        {
            foreach (var (kind, count) in operations.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                parts.Add($"{name} {kind} {count / per:F2}");
        }

        return parts.Count == 0 ? "(counted by the SQL databases only)" : string.Join(", ", parts);
    }

    public void ResetRepositoryCounters()
    {
        Payments.ResetCounters();
        Refunds.ResetCounters();
        WebhookEvents.ResetCounters();
        Claims.ResetCounters();
    }

    public Order PlaceOrder(decimal totalInPrimary = 100m, string customerCurrency = "HKD", decimal rate = 7.8m,
        int storeId = 1)
    {
        var order = new Order
        {
            Id = Interlocked.Increment(ref _nextOrderId),
            OrderGuid = Guid.NewGuid(),
            StoreId = storeId,
            CustomerId = 7,
            OrderStatus = OrderStatus.Pending,
            PaymentStatus = PaymentStatus.Pending,
            PaymentMethodSystemName = AlipayPlusDefaults.SystemName,
            CustomerCurrencyCode = customerCurrency,
            CurrencyRate = rate,
            OrderTotal = totalInPrimary,
            CreatedOnUtc = DateTime.UtcNow
        };
        order.CustomOrderNumber = order.Id.ToString();
        _orders[order.Id] = order;
        return order;
    }

    public void Dispose()
    {
        Provider.Dispose();
        if (_ownsDatabase)
            _database.Dispose();
    }

    public sealed class FakeOrderService(ConcurrentDictionary<int, Order> orders) : IOrderService
    {
        public ConcurrentBag<OrderNote> Notes { get; } = new();

        public Task<Order> GetOrderByIdAsync(int orderId) => Task.FromResult(orders.GetValueOrDefault(orderId));

        public Task<IList<OrderItem>> GetOrderItemsAsync(int orderId, bool? isNotReturnable = null,
            bool? isShipEnabled = null, int vendorId = 0) =>
            Task.FromResult<IList<OrderItem>>(new List<OrderItem>());

        public Task<Order> GetOrderByGuidAsync(Guid orderGuid) =>
            Task.FromResult(orders.Values.FirstOrDefault(o => o.OrderGuid == orderGuid));

        public Task UpdateOrderAsync(Order order) => Task.CompletedTask;

        public Task<IList<OrderNote>> GetOrderNotesByOrderIdAsync(int orderId, bool? displayToCustomer = null) =>
            Task.FromResult<IList<OrderNote>>(Notes.Where(note => note.OrderId == orderId).ToList());

        public Task InsertOrderNoteAsync(OrderNote orderNote)
        {
            Notes.Add(orderNote);
            return Task.CompletedTask;
        }
    }

    /// <summary>nopCommerce's rules for the calls settlement makes; counts every mark-paid per order.</summary>
    public sealed class FakeOrderProcessing : IOrderProcessingService
    {
        public ConcurrentDictionary<int, int> MarkedPaid { get; } = new();

        public bool CanCancelOrder(Order order) => order.OrderStatus != OrderStatus.Cancelled;

        public Task CancelOrderAsync(Order order, bool notifyCustomer)
        {
            order.OrderStatus = OrderStatus.Cancelled;
            return Task.CompletedTask;
        }

        public bool CanMarkOrderAsPaid(Order order) =>
            order.OrderStatus != OrderStatus.Cancelled
                && order.PaymentStatus is PaymentStatus.Pending or PaymentStatus.Authorized;

        public Task MarkOrderAsPaidAsync(Order order)
        {
            MarkedPaid.AddOrUpdate(order.Id, 1, (_, count) => count + 1);
            order.PaymentStatus = PaymentStatus.Paid;
            order.OrderStatus = OrderStatus.Processing;
            order.PaidDateUtc = DateTime.UtcNow;
            return Task.CompletedTask;
        }

        public bool CanRefundOffline(Order order) => order.PaymentStatus == PaymentStatus.Paid
            && order.RefundedAmount == 0;

        public Task RefundOfflineAsync(Order order)
        {
            order.RefundedAmount = order.OrderTotal;
            order.PaymentStatus = PaymentStatus.Refunded;
            return Task.CompletedTask;
        }

        public bool CanPartiallyRefundOffline(Order order, decimal amountToRefund) =>
            order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded && amountToRefund > 0
                && order.RefundedAmount + amountToRefund <= order.OrderTotal;

        public Task PartiallyRefundOfflineAsync(Order order, decimal amountToRefund)
        {
            order.RefundedAmount += amountToRefund;
            order.PaymentStatus = order.RefundedAmount >= order.OrderTotal
                ? PaymentStatus.Refunded
                : PaymentStatus.PartiallyRefunded;
            return Task.CompletedTask;
        }
    }

    private sealed class FakeSettingService(AlipayPlusSettings settings) : ISettingService
    {
        // nopCommerce's setting service answers from its cache; one settings object for every store here.
        public Task<T> LoadSettingAsync<T>(int storeId = 0) where T : ISettings, new() =>
            Task.FromResult(settings is T typed ? typed : new T());

        public Task SaveSettingAsync<T>(T settings1, int storeId = 0) where T : ISettings, new() => Task.CompletedTask;

        public Task SaveSettingAsync<T, TPropType>(T settings1, Expression<Func<T, TPropType>> keySelector,
            int storeId = 0, bool clearCache = true)
            where T : ISettings, new() => Task.CompletedTask;

        public Task<bool> SettingExistsAsync<T, TPropType>(T settings1, Expression<Func<T, TPropType>> keySelector,
            int storeId = 0) where T : ISettings, new() =>
            Task.FromResult(false);

        public Task SaveSettingOverridablePerStoreAsync<T, TPropType>(T settings1,
            Expression<Func<T, TPropType>> keySelector, bool overrideForStore, int storeId = 0, bool clearCache = true)
            where T : ISettings, new() => Task.CompletedTask;

        public Task DeleteSettingAsync<T>() where T : ISettings, new() => Task.CompletedTask;

        public Task ClearCacheAsync() => Task.CompletedTask;

        // Settings saved by key (the return page's per-store secret), kept as nopCommerce's Setting table would.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), object> _byKey = new();

        public Task<T> GetSettingByKeyAsync<T>(string key, T defaultValue = default, int storeId = 0,
            bool loadSharedValueIfNotFound = false) =>
            Task.FromResult(
                _byKey.TryGetValue((key.ToLowerInvariant(), storeId), out var value) ? (T)value : defaultValue);

        public Task SetSettingAsync<T>(string key, T value, int storeId = 0, bool clearCache = true)
        {
            _byKey[(key.ToLowerInvariant(), storeId)] = value;
            return Task.CompletedTask;
        }
    }

    private sealed class FakeLocalization : ILocalizationService
    {
        public Task<string> GetResourceAsync(string resourceKey) =>
            Task.FromResult(LocaleResources.English.GetValueOrDefault(resourceKey, resourceKey));

        public Task ImportResourcesFromXmlAsync(Language language, StreamReader xmlStreamReader,
            bool updateExistingResources = true) => Task.CompletedTask;

        public Task DeleteLocaleResourcesAsync(IList<string> resourceNames, int? languageId = null) =>
            Task.CompletedTask;

        public Task DeleteLocaleResourcesAsync(string resourceNamePrefix, int? languageId = null) => Task.CompletedTask;
    }

    public sealed class FakeLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public Task InformationAsync(string message, Exception exception = null, Customer customer = null) =>
            Add("info", message);

        public Task WarningAsync(string message, Exception exception = null, Customer customer = null) =>
            Add("warning", message);

        public Task ErrorAsync(string message, Exception exception = null, Customer customer = null) =>
            Add("error", message);

        private Task Add(string level, string message)
        {
            Lines.Enqueue($"{level}: {message}");
            return Task.CompletedTask;
        }
    }

    private sealed class FakeCurrencies : ICurrencyService
    {
        private static readonly Currency Primary = new() { Id = 1, CurrencyCode = PrimaryCurrency, Rate = 1 };

        public Task<Currency> GetCurrencyByIdAsync(int currencyId) => Task.FromResult(currencyId == 1 ? Primary : null);

        public Task<Currency> GetCurrencyByCodeAsync(string currencyCode) =>
            Task.FromResult(currencyCode == PrimaryCurrency ? Primary : null);
    }

    private sealed class FakeWorkContext : IWorkContext
    {
        public Task<Customer> GetCurrentCustomerAsync() => Task.FromResult(new Customer { Id = 7 });

        public Task<Language> GetWorkingLanguageAsync() => Task.FromResult(new Language());

        public Task<Currency> GetWorkingCurrencyAsync() => Task.FromResult(new Currency { CurrencyCode = "HKD" });

        public Task<Nop.Core.Domain.Vendors.Vendor> GetCurrentVendorAsync() =>
            Task.FromResult<Nop.Core.Domain.Vendors.Vendor>(null);

        public Task SetWorkingLanguageAsync(Language language) => Task.CompletedTask;
    }
}
