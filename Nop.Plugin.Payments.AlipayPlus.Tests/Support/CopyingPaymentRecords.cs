using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// One attempt kept the way nopCommerce's repository over a database keeps it: every read hands out a new copy and
/// every write stores a copy. The in-memory repository hands out its own instances, which would hide whether a
/// service relies on seeing another copy change.
/// </summary>
public sealed class CopyingPaymentRecords
{
    private static readonly MethodInfo CloneMethod = typeof(object)
        .GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic);

    private AlipayPlusPayment _row;

    public CopyingPaymentRecords()
    {
        Mock.Setup(records => records.GetByIdAsync(It.IsAny<int>()))
            .ReturnsAsync((int id) => _row?.Id == id ? Copy(_row) : null);
        Mock.Setup(records => records.UpdateAsync(It.IsAny<AlipayPlusPayment>()))
            .Callback<AlipayPlusPayment>(payment => _row = Copy(payment))
            .Returns(Task.CompletedTask);
    }

    public Mock<IPaymentRecordStore> Mock { get; } = new();

    public AlipayPlusPayment Stored => Copy(_row);

    public void Store(AlipayPlusPayment payment) => _row = Copy(payment);

    /// <summary>A shop whose services keep their attempts here and talk to the given WooshPay client.</summary>
    public ShopWorld NewShop(IWooshPayClient client) => new(services =>
    {
        services.AddSingleton(client);
        services.AddSingleton(Mock.Object);
    });

    private static AlipayPlusPayment Copy(AlipayPlusPayment payment) =>
        (AlipayPlusPayment)CloneMethod.Invoke(payment, null);
}
