namespace Nop.Core.Http;

public static partial class NopRouteNames
{
    public static partial class General
    {
        public const string HOMEPAGE = "Homepage";
    }

    public static partial class Standard
    {
        public const string CHECKOUT_COMPLETED = "CheckoutCompleted";

        public const string ORDER_DETAILS = "OrderDetails";
    }
}
