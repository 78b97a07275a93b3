using Nop.Core.Domain.Orders;
using Nop.Services.Localization;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

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

    public async Task AddUnlessPresentAsync(int orderId, string resourceKey, params object[] arguments)
    {
        var template = await _localizationService.GetResourceAsync(AlipayPlusDefaults.LocaleResourcePrefix + resourceKey);
        var fixedPart = string.IsNullOrEmpty(template) ? $"{resourceKey}: {arguments.FirstOrDefault()}" : FixedPart(template, arguments);
        var existing = await _orderService.GetOrderNotesByOrderIdAsync(orderId) ?? [];
        if (existing.Any(note => note.Note?.StartsWith(fixedPart, StringComparison.Ordinal) == true))
            return;

        await AddAsync(orderId, resourceKey, arguments);
    }

    // The text a note of this template starts with whatever its later arguments (the source, an amount) were.
    private static string FixedPart(string template, object[] arguments)
    {
        var second = template.IndexOf("{1", StringComparison.Ordinal);
        var head = second < 0 ? template : template[..second];
        return string.Format(head, arguments.Length > 0 ? arguments[0] : string.Empty);
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
