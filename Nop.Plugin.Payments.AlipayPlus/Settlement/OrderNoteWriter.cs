using Nop.Core.Domain.Orders;
using Nop.Services.Localization;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

/// <summary>
/// Writes the admin-facing order notes that record every payment state change, in the shop's language.
/// </summary>
public class OrderNoteWriter
{
    private readonly ILocalizationService _localizationService;
    private readonly IOrderService _orderService;
    private readonly TimeProvider _timeProvider;

    public OrderNoteWriter(ILocalizationService localizationService, IOrderService orderService,
        TimeProvider timeProvider)
    {
        _localizationService = localizationService;
        _orderService = orderService;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Adds the note unless the order already has it, told by the note's text up to its second argument (the first is
    /// the payment or refund id). Used when finishing the work of a server that crashed, which may have written it.
    /// </summary>
    public async Task AddUnlessPresentAsync(int orderId, string resourceKey, params object[] arguments)
    {
        var template = await _localizationService.GetResourceAsync(
            AlipayPlusDefaults.LocaleResourcePrefix + resourceKey);
        var fixedPart = string.IsNullOrEmpty(template)
            ? $"{resourceKey}: {arguments.FirstOrDefault()}"
            : FixedPart(template, arguments);
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

    /// <param name="resourceKey">The key after the plugin's resource prefix, e.g. "Order.Note.Paid".</param>
    public async Task AddAsync(int orderId, string resourceKey, params object[] arguments)
    {
        var template = await _localizationService.GetResourceAsync(
            AlipayPlusDefaults.LocaleResourcePrefix + resourceKey);

        // A missing translation shows its key rather than failing the payment update that wanted the note.
        var note = string.IsNullOrEmpty(template)
            ? $"{resourceKey}: {string.Join(", ", arguments)}"
            : string.Format(template, arguments);
        await _orderService.InsertOrderNoteAsync(new OrderNote
        {
            OrderId = orderId,
            Note = note,
            DisplayToCustomer = false,
            CreatedOnUtc = _timeProvider.GetUtcNow().UtcDateTime
        });
    }
}
