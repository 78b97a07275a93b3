using Nop.Core.Domain.Orders;
using Nop.Services.Localization;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

public class OrderNoteWriter : IOrderNoteWriter
{
    private readonly ILocalizationService _localizationService;
    private readonly IOrderService _orderService;
    private readonly TimeProvider _timeProvider;

    public OrderNoteWriter(ILocalizationService localizationService, IOrderService orderService, TimeProvider timeProvider)
    {
        _localizationService = localizationService;
        _orderService = orderService;
        _timeProvider = timeProvider;
    }

    public async Task AddAsync(int orderId, string resourceKey, params object[] arguments)
    {
        var template = await _localizationService.GetResourceAsync(AlipayPlusDefaults.LocaleResourcePrefix + resourceKey);

        // A missing translation shows its key rather than failing the payment update that wanted the note.
        var note = string.IsNullOrEmpty(template) ? $"{resourceKey}: {string.Join(", ", arguments)}" : string.Format(template, arguments);
        await _orderService.InsertOrderNoteAsync(new OrderNote
        {
            OrderId = orderId,
            Note = note,
            DisplayToCustomer = false,
            CreatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime
        });
    }
}
