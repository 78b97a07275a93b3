namespace Nop.Plugin.Payments.AlipayPlus.Settlement;

/// <summary>
/// Writes the admin-facing order notes that record every payment state change, in the shop's language.
/// </summary>
public interface IOrderNoteWriter
{
    /// <param name="resourceKey">The key after the plugin's resource prefix, e.g. "Order.Note.Paid".</param>
    Task AddAsync(int orderId, string resourceKey, params object[] arguments);

    /// <summary>
    /// Adds the note unless the order already has it, told by the note's text up to its second argument (the first is
    /// the payment or refund id). Used when finishing the work of a server that crashed, which may have written it.
    /// </summary>
    Task AddUnlessPresentAsync(int orderId, string resourceKey, params object[] arguments);
}
