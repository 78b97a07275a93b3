namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// Writes the admin-facing order notes that record every payment state change, in the shop's language.
/// </summary>
public interface IOrderNoteWriter
{
    /// <param name="resourceKey">The key after the plugin's resource prefix, e.g. "Order.Note.Paid".</param>
    Task AddAsync(int orderId, string resourceKey, params object[] arguments);
}
