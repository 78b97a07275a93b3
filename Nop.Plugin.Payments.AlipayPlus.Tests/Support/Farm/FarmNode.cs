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
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Refunds;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;
using Nop.Services.Configuration;
using Nop.Services.Directory;
using Nop.Services.Events;
using Nop.Services.Localization;
using Nop.Services.Logging;
using Nop.Services.Orders;
using Nop.Services.Payments;
using Nop.Services.ScheduleTasks;
using Nop.Services.Stores;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// One store server of a <see cref="Farm"/>: the plugin's services wired as ShopWorld wires them
/// (AddAlipayPlusServices, then nopCommerce's services as Moq mocks), but every repository and the orders in the farm's
/// shared PostgreSQL, read as copies, a lock of the farm's kind, a clock of its own and crashes it can be told to have.
/// </summary>
public sealed class FarmNode : IDisposable
{
    private readonly Farm _farm;
    private readonly SqlRepository<Order> _orders;
    private readonly SqlRepository<OrderNote> _notes;
    private readonly SqlRepository<ShopOrderEffect> _effects;

    internal FarmNode(Farm farm, string name, ILocker locker, Action<FarmNode, IServiceCollection> configure)
    {
        _farm = farm;
        Name = name;
        Locker = locker;
        Crashes = new CrashPlan(name);
        _orders = farm.Database.Repository<Order>();
        _notes = farm.Database.Repository<OrderNote>();
        _effects = farm.Database.Repository<ShopOrderEffect>();

        OrderService.Setup(s => s.GetOrderByIdAsync(It.IsAny<int>())).Returns((int id) => _orders.GetByIdAsync(id));
        OrderService.Setup(s => s.GetOrderByGuidAsync(It.IsAny<Guid>())).Returns((Guid guid) => OrderByGuidAsync(guid));
        OrderService.Setup(s => s.UpdateOrderAsync(It.IsAny<Order>()))
            .Returns((Order order) => UpdateOrderAsync(order));
        OrderService.Setup(s => s.InsertOrderNoteAsync(It.IsAny<OrderNote>()))
            .Returns((OrderNote note) => InsertOrderNoteAsync(note));
        OrderService.Setup(s => s.GetOrderNotesByOrderIdAsync(It.IsAny<int>(), It.IsAny<bool?>()))
            .Returns((int id, bool? _) => _notes.GetAllAsync(q => q.Where(n => n.OrderId == id).OrderBy(n => n.Id)));

        // nopCommerce's rules, as ShopWorld has them, judged on the copy the caller holds (as nopCommerce judges it).
        OrderProcessing.Setup(s => s.CanMarkOrderAsPaid(It.IsAny<Order>()))
            .Returns((Order o) => o.OrderStatus != OrderStatus.Cancelled
                && o.PaymentStatus is PaymentStatus.Pending or PaymentStatus.Authorized);
        OrderProcessing.Setup(s => s.MarkOrderAsPaidAsync(It.IsAny<Order>())).Returns((Order o) => EffectAsync(o,
            ShopOrderEffect.MarkOrderAsPaid, FarmStep.BeforeMarkOrderAsPaid, FarmStep.AfterMarkOrderAsPaid, () =>
            {
                o.PaymentStatus = PaymentStatus.Paid;
                o.OrderStatus = OrderStatus.Processing;
                o.PaidDateUtc = Clock.GetUtcNow().UtcDateTime;
                return o.OrderTotal;
            }));
        OrderProcessing.Setup(s => s.CanCancelOrder(It.IsAny<Order>()))
            .Returns((Order o) => o.OrderStatus != OrderStatus.Cancelled);
        OrderProcessing.Setup(s => s.CancelOrderAsync(It.IsAny<Order>(), It.IsAny<bool>()))
            .Returns((Order o, bool _) => EffectAsync(o,
                ShopOrderEffect.CancelOrder, FarmStep.BeforeCancelOrder, FarmStep.AfterCancelOrder, () =>
                {
                    o.OrderStatus = OrderStatus.Cancelled;
                    return 0m;
                }));
        OrderProcessing.Setup(s => s.CanRefundOffline(It.IsAny<Order>()))
            .Returns((Order o) => o.PaymentStatus == PaymentStatus.Paid && o.RefundedAmount == 0);
        OrderProcessing.Setup(s => s.RefundOfflineAsync(It.IsAny<Order>())).Returns((Order o) => EffectAsync(o,
            ShopOrderEffect.RefundOffline, FarmStep.BeforeRefundOffline, FarmStep.AfterRefundOffline, () =>
            {
                o.RefundedAmount = o.OrderTotal;
                o.PaymentStatus = PaymentStatus.Refunded;
                return o.OrderTotal;
            }));
        OrderProcessing.Setup(s => s.CanPartiallyRefundOffline(It.IsAny<Order>(), It.IsAny<decimal>()))
            .Returns((Order o, decimal amount) =>
                o.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded
                && amount > 0 && o.RefundedAmount + amount <= o.OrderTotal);
        OrderProcessing.Setup(s => s.PartiallyRefundOfflineAsync(It.IsAny<Order>(), It.IsAny<decimal>()))
            .Returns((Order o, decimal amount) => EffectAsync(o,
                ShopOrderEffect.PartiallyRefundOffline, FarmStep.BeforePartiallyRefundOffline,
                FarmStep.AfterPartiallyRefundOffline, () =>
                {
                    o.RefundedAmount += amount;
                    o.PaymentStatus = o.RefundedAmount >= o.OrderTotal
                        ? PaymentStatus.Refunded
                        : PaymentStatus.PartiallyRefunded;
                    return amount;
                }));

        SettingService.Setup(s => s.LoadSettingAsync<AlipayPlusSettings>(It.IsAny<int>()))
            .ReturnsAsync((int storeId) => farm.SettingsFor(storeId));

        Localization.Setup(s => s.GetResourceAsync(It.IsAny<string>()))
            .ReturnsAsync((string key) => LocaleResources.English.GetValueOrDefault(key, key));

        Logger.Setup(s => s.InformationAsync(It.IsAny<string>(), It.IsAny<Exception>(), It.IsAny<Customer>()))
            .Returns((string m, Exception _, Customer _) => Log("info", m));
        Logger.Setup(s => s.WarningAsync(It.IsAny<string>(), It.IsAny<Exception>(), It.IsAny<Customer>()))
            .Returns((string m, Exception _, Customer _) => Log("warning", m));
        Logger.Setup(s => s.ErrorAsync(It.IsAny<string>(), It.IsAny<Exception>(), It.IsAny<Customer>()))
            .Returns((string m, Exception _, Customer _) => Log("error", m));

        Currencies.Setup(s => s.GetCurrencyByIdAsync(1))
            .ReturnsAsync(new Currency { Id = 1, CurrencyCode = ShopWorld.PrimaryCurrency, Rate = 1 });
        WorkContext.Setup(s => s.GetWorkingCurrencyAsync())
            .ReturnsAsync(() => new Currency { CurrencyCode = WorkingCurrency });
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
        // Before the plugin's registrations: they only add TimeProvider.System when none is there.
        services.AddSingleton<TimeProvider>(Clock);
        services.AddAlipayPlusServices();
        // Per request, as nopCommerce caches an order it read once in a request.
        services.AddScoped<IOrderService>(_ => new RequestCachedOrderService(OrderService.Object));
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
        services.AddSingleton(Locker);
        services.AddSingleton(HttpContextAccessor.Object);
        services.AddSingleton(OrderTotals.Object);
        services.AddSingleton(ScheduleTasks.Object);
        services.AddSingleton(Languages.Object);
        services.AddSingleton(WebHelper.Object);
        services.AddSingleton(new WidgetSettings());
        services.AddScoped<AlipayPlusPaymentMethod>();
        // nopCommerce registers every event consumer it finds, per request.
        services.AddScoped<IConsumer<OrderRefundedEvent>, OrderRefundedConsumer>();
        // Every entity's repository, open-generic: an entity the plugin adds is served without a change here.
        services.AddSingleton(farm.Database.Options);
        services.AddSingleton(Crashes);
        services.AddSingleton(typeof(SqlRepository<>));
        services.AddSingleton(typeof(IRepository<>), typeof(CrashableRepository<>));
        configure?.Invoke(this, services);
        Provider = services.BuildServiceProvider();
    }

    public string Name { get; }

    /// <summary>This node's clock; move it to put the node past a lease the others are within.</summary>
    public FarmClock Clock { get; } = new();

    public ILocker Locker { get; }

    public CrashPlan Crashes { get; }

    public string WorkingCurrency { get; set; } = "HKD";

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
    public Mock<IHttpContextAccessor> HttpContextAccessor { get; } = new();
    public Mock<IOrderTotalCalculationService> OrderTotals { get; } = new();
    public Mock<IScheduleTaskService> ScheduleTasks { get; } = new();
    public Mock<ILanguageService> Languages { get; } = new();
    public Mock<IWebHelper> WebHelper { get; } = new();
    public Mock<Nop.Services.Messages.INotificationService> Notifications { get; } = new();

    public ConcurrentQueue<string> LogLines { get; } = new();

    public ServiceProvider Provider { get; }

    /// <summary>A service from a new scope, as a request of its own on this node gets it.</summary>
    public T Get<T>() => Provider.CreateScope().ServiceProvider.GetRequiredService<T>();

    /// <summary>
    /// The admin's refund as nopCommerce's OrderProcessingService makes it, in one request on this node: ask the
    /// payment method with the order copy the request read, and on success add the amount to that copy, take the
    /// answered status, write it whole, and publish <see cref="OrderRefundedEvent"/> to the request's consumers.
    /// </summary>
    public async Task<RefundPaymentResult> AdminRefundAsync(Order copy, decimal amount, bool isPartial)
    {
        using var request = Provider.CreateScope();
        var result = await request.ServiceProvider.GetRequiredService<IRefundService>()
            .RefundAsync(copy, amount, isPartial);
        if (!result.Success)
            return result;

        Crashes.At(FarmStep.BeforeNopCommerceCountsRefund);
        copy.RefundedAmount += amount;
        copy.PaymentStatus = result.NewPaymentStatus;
        await _orders.UpdateAsync(copy);
        await _effects.InsertAsync(new ShopOrderEffect
        {
            OrderId = copy.Id, Kind = ShopOrderEffect.AcceptedRefund, Amount = amount, Node = Name,
            CreatedOnUtc = Clock.GetUtcNow().UtcDateTime
        });
        Crashes.At(FarmStep.BeforeOrderRefundedEvent);
        foreach (var consumer in request.ServiceProvider.GetServices<IConsumer<OrderRefundedEvent>>())
            await consumer.HandleEventAsync(new OrderRefundedEvent(copy, amount));
        return result;
    }

    /// <summary>The next time this node reaches <paramref name="step"/>, it dies there (once).</summary>
    public void CrashOn(FarmStep step) => Crashes.Arm(step);

    /// <summary>
    /// The <paramref name="nth"/> <paramref name="write"/> of a <typeparamref name="TEntity"/> from now on, through
    /// this node's repository, dies before or after reaching the database (once).
    /// </summary>
    public void CrashOnWrite<TEntity>(RepositoryWrite write, int nth = 1,
        CrashMoment moment = CrashMoment.AfterWrite) where TEntity : BaseEntity =>
        Crashes.Arm(typeof(TEntity), write, nth, moment);

    public override string ToString() => Name;

    public void Dispose() => Provider.Dispose();

    private async Task<Order> OrderByGuidAsync(Guid guid) =>
        (await _orders.GetAllAsync(query => query.Where(order => order.OrderGuid == guid))).FirstOrDefault();

    private async Task UpdateOrderAsync(Order order)
    {
        Crashes.At(FarmStep.BeforeUpdateOrder);
        await _orders.UpdateAsync(order);
        Crashes.At(FarmStep.AfterUpdateOrder);
    }

    private async Task InsertOrderNoteAsync(OrderNote note)
    {
        await _notes.InsertAsync(note);
        Crashes.At(FarmStep.AfterInsertOrderNote);
    }

    // nopCommerce's order processing changes the order it is handed and writes all of it back, whatever another
    // node wrote since that copy was read: the lost update a farm can have.
    private async Task EffectAsync(Order order, string kind, FarmStep before, FarmStep after, Func<decimal> apply)
    {
        Crashes.At(before);
        var amount = apply();
        await _orders.UpdateAsync(order);
        await _effects.InsertAsync(new ShopOrderEffect
        {
            OrderId = order.Id,
            Kind = kind,
            Amount = amount,
            Node = Name,
            CreatedOnUtc = Clock.GetUtcNow().UtcDateTime
        });
        Crashes.At(after);
    }

    private Task Log(string level, string message)
    {
        LogLines.Enqueue($"{level}: {message}");
        return Task.CompletedTask;
    }
}
