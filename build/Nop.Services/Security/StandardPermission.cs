namespace Nop.Services.Security;

public partial class StandardPermission
{
    public partial class Orders
    {
        public const string ORDERS_VIEW = $"{nameof(Orders)}.OrdersView";
        public const string ORDERS_CREATE_EDIT_DELETE = $"{nameof(Orders)}.OrdersCreateEditDelete";
    }

    public partial class Configuration
    {
        public const string MANAGE_PAYMENT_METHODS = $"{nameof(Configuration)}.ManagePaymentMethods";
    }
}
