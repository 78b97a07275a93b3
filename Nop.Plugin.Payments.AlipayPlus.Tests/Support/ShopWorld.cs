using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Services.Configuration;
using Nop.Services.Directory;
using Nop.Services.Events;
using Nop.Services.Localization;
using Nop.Services.Logging;
using Nop.Services.Orders;
using Nop.Services.Payments;
using Nop.Services.ScheduleTasks;
using Nop.Services.Stores;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// A small shop around the plugin: orders, notes, settings and logs kept in memory behind Moq mocks of
/// nopCommerce's services, with nopCommerce's rules for marking paid, cancelling and refunding offline.
/// The plugin's own services are wired exactly as its NopStartup wires them.
/// </summary>
public sealed class ShopWorld : IDisposable
{
    public const string PrimaryCurrency = "USD";

    private readonly ConcurrentDictionary<int, Order> _orders = new();
    private readonly ConcurrentDictionary<int, AlipayPlusSettings> _settings = new();
    private int _nextOrderId = 1000;

    public ShopWorld(Action<IServiceCollection> configure = null)
    {
        Settings = new AlipayPlusSettings { SecretKey = "sk_test_shopworld", UseTestEnvironment = true,
            WebhookSecret = "whsec_shopworld" };
        _settings[0] = Settings;

        OrderService.Setup(s => s.GetOrderByIdAsync(It.IsAny<int>()))
            .ReturnsAsync((int id) => _orders.GetValueOrDefault(id));
        OrderService.Setup(s => s.GetOrderByGuidAsync(It.IsAny<Guid>()))
            .ReturnsAsync((Guid guid) => _orders.Values.FirstOrDefault(o => o.OrderGuid == guid));
        OrderService.Setup(s => s.UpdateOrderAsync(It.IsAny<Order>())).Returns(Task.CompletedTask);
        OrderService.Setup(s => s.GetOrderNotesByOrderIdAsync(It.IsAny<int>(), It.IsAny<bool?>()))
            .ReturnsAsync((int id, bool? _) => Notes.Where(note => note.OrderId == id).ToList());
        OrderService.Setup(s => s.InsertOrderNoteAsync(It.IsAny<OrderNote>())).Returns((OrderNote note) =>
        {
            Notes.Add(note);
            return Task.CompletedTask;
        });

        OrderProcessing.Setup(s => s.CanMarkOrderAsPaid(It.IsAny<Order>()))
            .Returns((Order o) => o.OrderStatus != OrderStatus.Cancelled
                && o.PaymentStatus is PaymentStatus.Pending or PaymentStatus.Authorized);
        OrderProcessing.Setup(s => s.MarkOrderAsPaidAsync(It.IsAny<Order>())).Returns((Order o) =>
        {
            o.PaymentStatus = PaymentStatus.Paid;
            o.OrderStatus = OrderStatus.Processing;
            o.PaidDateUtc = DateTime.UtcNow;
            return Task.CompletedTask;
        });
        OrderProcessing.Setup(s => s.CanCancelOrder(It.IsAny<Order>()))
            .Returns((Order o) => o.OrderStatus != OrderStatus.Cancelled);
        OrderProcessing.Setup(s => s.CancelOrderAsync(It.IsAny<Order>(), It.IsAny<bool>())).Returns((Order o, bool _) =>
        {
            o.OrderStatus = OrderStatus.Cancelled;
            return Task.CompletedTask;
        });
        OrderProcessing.Setup(s => s.CanRefundOffline(It.IsAny<Order>()))
            .Returns((Order o) => o.PaymentStatus == PaymentStatus.Paid && o.RefundedAmount == 0);
        OrderProcessing.Setup(s => s.RefundOfflineAsync(It.IsAny<Order>())).Returns((Order o) =>
        {
            o.RefundedAmount = o.OrderTotal;
            o.PaymentStatus = PaymentStatus.Refunded;
            return Task.CompletedTask;
        });
        OrderProcessing.Setup(s => s.CanPartiallyRefundOffline(It.IsAny<Order>(), It.IsAny<decimal>()))
            .Returns((Order o, decimal amount) =>
                o.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded
                && amount > 0 && o.RefundedAmount + amount <= o.OrderTotal);
        OrderProcessing.Setup(s => s.PartiallyRefundOfflineAsync(It.IsAny<Order>(), It.IsAny<decimal>()))
            .Returns((Order o, decimal amount) =>
            {
                o.RefundedAmount += amount;
                o.PaymentStatus = o.RefundedAmount >= o.OrderTotal
                    ? PaymentStatus.Refunded
                    : PaymentStatus.PartiallyRefunded;
                return Task.CompletedTask;
            });

        SettingService.Setup(s => s.LoadSettingAsync<AlipayPlusSettings>(It.IsAny<int>()))
            .ReturnsAsync((int storeId) => _settings.GetValueOrDefault(storeId) ?? Settings);

        // Settings read and written by key, per store, as nopCommerce keeps them (keys without case).
        SettingService.Setup(
            s => s.GetSettingByKeyAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<bool>()))
            .ReturnsAsync((string key, string defaultValue, int storeId, bool loadShared) =>
                StoredSettings.TryGetValue((key.ToLowerInvariant(), storeId), out var value) ? value
                : loadShared && storeId > 0
                    && StoredSettings.TryGetValue((key.ToLowerInvariant(), 0), out var shared) ? shared
                : defaultValue);
        SettingService.Setup(
            s => s.SetSettingAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<bool>()))
            .Returns((string key, string value, int storeId, bool _) =>
            {
                StoredSettings[(key.ToLowerInvariant(), storeId)] = value;
                return Task.CompletedTask;
            });

        Localization.Setup(s => s.GetResourceAsync(It.IsAny<string>()))
            .ReturnsAsync((string key) => LocaleResources.English.GetValueOrDefault(key, key));

        Logger.Setup(s => s.InformationAsync(It.IsAny<string>(), It.IsAny<Exception>(), It.IsAny<Customer>()))
            .Returns((string m, Exception _, Customer _) => Log("info", m));
        Logger.Setup(s => s.WarningAsync(It.IsAny<string>(), It.IsAny<Exception>(), It.IsAny<Customer>()))
            .Returns((string m, Exception _, Customer _) => Log("warning", m));
        Logger.Setup(s => s.ErrorAsync(It.IsAny<string>(), It.IsAny<Exception>(), It.IsAny<Customer>()))
            .Returns((string m, Exception _, Customer _) => Log("error", m));

        Currencies.Setup(s => s.GetCurrencyByIdAsync(1))
            .ReturnsAsync(new Currency { Id = 1, CurrencyCode = PrimaryCurrency, Rate = 1 });
        WorkContext.Setup(s => s.GetWorkingCurrencyAsync())
            .ReturnsAsync(() => new Currency { CurrencyCode = WorkingCurrency, Rate = WorkingCurrencyRate });
        WorkContext.Setup(s => s.GetCurrentCustomerAsync()).ReturnsAsync(() => CurrentCustomer);
        WebHelper.Setup(w => w.GetStoreLocation(It.IsAny<bool?>())).Returns("https://shop.example/");
        Languages.Setup(l => l.GetAllLanguagesAsync(It.IsAny<bool>(), It.IsAny<int>()))
            .ReturnsAsync(new List<Nop.Core.Domain.Localization.Language>());
        StoreContext.Setup(s => s.GetCurrentStoreAsync())
            .ReturnsAsync(new Store { Id = 1, Url = "https://shop.example/" });
        StoreService.Setup(s => s.GetStoreByIdAsync(It.IsAny<int>()))
            .ReturnsAsync((int id) => new Store { Id = id, Url = "https://shop.example/" });
        StoreService.Setup(s => s.GetAllStoresAsync())
            .ReturnsAsync(() => new List<Store> { new() { Id = 1, Url = "https://shop.example/" } });

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAlipayPlusServices();
        // nopCommerce registers every event consumer it finds, per request.
        services.AddScoped<IConsumer<OrderRefundedEvent>, OrderRefundedConsumer>();
        services.AddSingleton(OrderService.Object);
        services.AddSingleton(OrderProcessing.Object);
        services.AddSingleton(SettingService.Object);
        services.AddSingleton(Localization.Object);
        services.AddSingleton(Logger.Object);
        services.AddSingleton(Currencies.Object);
        services.AddSingleton(WorkContext.Object);
        services.AddSingleton(StoreContext.Object);
        services.AddSingleton(StoreService.Object);
        services.AddSingleton(Notifications.Object);
        services.AddSingleton(new CurrencySettings { PrimaryStoreCurrencyId = 1 });
        services.AddSingleton<ILocker>(Locker);
        services.AddSingleton(HttpContextAccessor.Object);
        services.AddSingleton(OrderTotals.Object);
        services.AddSingleton(ShoppingCarts.Object);
        services.AddSingleton(ScheduleTasks.Object);
        services.AddSingleton(Languages.Object);
        services.AddSingleton(WebHelper.Object);
        services.AddSingleton(new WidgetSettings());
        services.AddScoped<AlipayPlusPaymentMethod>();
        services.AddSingleton<IRepository<AlipayPlusPayment>>(Payments);
        services.AddSingleton<IRepository<AlipayPlusRefund>>(Refunds);
        services.AddSingleton<IRepository<AlipayPlusClaim>>(Claims);
        // nopCommerce's order table, for the plugin's uncached reads: the same in-memory orders.
        var orderTable = new Mock<IRepository<Order>>();
        orderTable.Setup(r => r.GetByIdAsync(It.IsAny<int?>(),
            It.IsAny<Func<Nop.Core.Caching.ICacheKeyService, Nop.Core.Caching.CacheKey>>(), It.IsAny<bool>(),
            It.IsAny<bool>()))
            .ReturnsAsync((int? id, Func<Nop.Core.Caching.ICacheKeyService, Nop.Core.Caching.CacheKey> _, bool _,
                bool _) => _orders.GetValueOrDefault(id ?? 0));
        orderTable.Setup(r => r.GetAllAsync(It.IsAny<Func<IQueryable<Order>, IQueryable<Order>>>(),
            It.IsAny<Func<Nop.Core.Caching.ICacheKeyService, Nop.Core.Caching.CacheKey>>(), It.IsAny<bool>()))
            .ReturnsAsync((Func<IQueryable<Order>, IQueryable<Order>> query,
                Func<Nop.Core.Caching.ICacheKeyService, Nop.Core.Caching.CacheKey> _, bool _) =>
                (query ?? (q => q))(_orders.Values.AsQueryable()).ToList());
        services.AddSingleton(orderTable.Object);
        configure?.Invoke(services);
        Provider = services.BuildServiceProvider();
    }

    public AlipayPlusSettings Settings { get; }

    public string WorkingCurrency { get; set; } = "HKD";

    /// <summary>The working currency's rate against the primary currency
    /// (whose rate is 1), as the shop's currency list has it.</summary>
    public decimal WorkingCurrencyRate { get; set; } = 7.8m;

    public Customer CurrentCustomer { get; set; } = new() { Id = 7 };

    public Mock<IOrderService> OrderService { get; } = new();
    public Mock<IOrderProcessingService> OrderProcessing { get; } = new();
    public Mock<ISettingService> SettingService { get; } = new();
    public Mock<ILocalizationService> Localization { get; } = new();
    public Mock<ILogger> Logger { get; } = new();
    public Mock<ICurrencyService> Currencies { get; } = new();
    public Mock<IWorkContext> WorkContext { get; } = new();
    public Mock<IStoreContext> StoreContext { get; } = new();
    public Mock<IStoreService> StoreService { get; } = new();
    public InMemoryLocker Locker { get; } = new();
    public Mock<IHttpContextAccessor> HttpContextAccessor { get; } = new();
    public Mock<IOrderTotalCalculationService> OrderTotals { get; } = new();
    public Mock<IShoppingCartService> ShoppingCarts { get; } = new();
    public Mock<IScheduleTaskService> ScheduleTasks { get; } = new();
    public Mock<ILanguageService> Languages { get; } = new();
    public Mock<IWebHelper> WebHelper { get; } = new();
    public Mock<Nop.Services.Messages.INotificationService> Notifications { get; } = new();

    // The unique indexes the migration creates.
    public InMemoryRepository<AlipayPlusPayment> Payments { get; } = new(p => (p.OrderId, p.Attempt));
    public InMemoryRepository<AlipayPlusRefund> Refunds { get; } = new(r => r.IdempotencyKey);
    public InMemoryRepository<AlipayPlusClaim> Claims { get; } = new(c => c.ClaimKey);

    /// <summary>The webhook events whose processing completed, from their claims: (event id, store id).</summary>
    public IReadOnlyList<(string EventId, int StoreId)> ProcessedEvents => Claims.Rows
        .Where(claim => claim.ClaimKey.StartsWith("event:", StringComparison.Ordinal)
            && !claim.ClaimKey.Contains("#takeover:") && claim.CompletedOnUtc is not null)
        .Select(claim => claim.ClaimKey.Split(':', 3))
        .Select(parts => (parts[2], int.Parse(parts[1])))
        .ToList();

    /// <summary>Settings written by key: (lower-case key, store id) to value.</summary>
    public ConcurrentDictionary<(string Key, int StoreId), string> StoredSettings { get; } = new();

    public ConcurrentBag<OrderNote> Notes { get; } = new();
    public ConcurrentQueue<string> LogLines { get; } = new();
    public ServiceProvider Provider { get; }

    /// <summary>
    /// A shop whose store talks to the given sandbox with a key of its own, so its payments and webhooks are its
    /// own WooshPay account's and never another test's.
    /// </summary>
    public static ShopWorld ConnectedTo(global::WooshPay.Sandbox.RunningSandbox sandbox,
        Action<IServiceCollection> configure = null)
    {
        var world = new ShopWorld(configure);
        world.Settings.SecretKey = $"sk_test_{Guid.NewGuid():N}";
        world.Settings.UseTestEnvironment = true;
        world.Settings.ApiBaseUrl = sandbox.BaseAddress.ToString();
        return world;
    }

    public T Get<T>() => Provider.CreateScope().ServiceProvider.GetRequiredService<T>();

    /// <summary>
    /// The admin's refund as nopCommerce's OrderProcessingService makes it, in one request: ask the payment method, and
    /// on success add the amount, take the answered status and publish <see cref="OrderRefundedEvent"/> to the
    /// request's consumers.
    /// </summary>
    public async Task<RefundPaymentResult> AdminRefundAsync(Order order, decimal amount, bool isPartial)
    {
        using var request = Provider.CreateScope();
        var result = await request.ServiceProvider.GetRequiredService<IRefundService>()
            .RefundAsync(order, amount, isPartial);
        if (!result.Success)
            return result;

        order.RefundedAmount += amount;
        order.PaymentStatus = result.NewPaymentStatus;
        foreach (var consumer in request.ServiceProvider.GetServices<IConsumer<OrderRefundedEvent>>())
            await consumer.HandleEventAsync(new OrderRefundedEvent(order, amount));
        return result;
    }

    public void SetStoreSettings(int storeId, AlipayPlusSettings settings) => _settings[storeId] = settings;

    public Order PlaceOrder(decimal totalInPrimary = 100m, string customerCurrency = "HKD", decimal rate = 7.8m,
        int storeId = 1)
    {
        var order = new Order
        {
            Id = Interlocked.Increment(ref _nextOrderId),
            OrderGuid = Guid.NewGuid(),
            StoreId = storeId,
            CustomerId = CurrentCustomer.Id,
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

    /// <summary>The cart totals nopCommerce works out (without any
    /// payment method's fee), in the primary currency.</summary>
    public void SetCartTotal(decimal? totalInPrimary) =>
        OrderTotals.Setup(
            t => t.GetShoppingCartTotalAsync(It.IsAny<IList<ShoppingCartItem>>(), It.IsAny<bool?>(), false))
            .ReturnsAsync((totalInPrimary, 0m, new List<Nop.Core.Domain.Discounts.Discount>(),
                new List<AppliedGiftCard>(), 0, 0m));

    public IEnumerable<OrderNote> NotesOf(Order order) => Notes.Where(note => note.OrderId == order.Id);

    public int MarkedPaidCount(Order order) =>
        OrderProcessing.Invocations
            .Count(i => i.Method.Name == nameof(IOrderProcessingService.MarkOrderAsPaidAsync)
                && ReferenceEquals(i.Arguments[0], order));

    private Task Log(string level, string message)
    {
        LogLines.Enqueue($"{level}: {message}");
        return Task.CompletedTask;
    }

    public void Dispose() => Provider.Dispose();
}
