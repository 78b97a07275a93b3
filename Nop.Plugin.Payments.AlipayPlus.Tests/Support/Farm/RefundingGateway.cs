using System.Collections.Concurrent;
using Moq;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// A WooshPay that answers every refund request of one payment with <c>answer</c>, and, as WooshPay does, a request
/// repeated with its idempotency key with the refund that key made (re_admin, re_admin_2, ...).
/// </summary>
public static class RefundingGateway
{
    public static void AnswerRefunds(Mock<IWooshPayClient> gateway, Func<AlipayPlusPayment> payment, string answer)
    {
        var refundsMade = 0;
        var refundIds = new ConcurrentDictionary<string, string>();
        gateway.Setup(g => g.CreateRefundAsync(It.IsAny<WooshPayAccount>(), It.IsAny<RefundCreateRequest>(),
                It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((WooshPayAccount _, RefundCreateRequest request, string key, CancellationToken _) =>
            {
                var id = refundIds.GetOrAdd(key, _ =>
                {
                    var made = Interlocked.Increment(ref refundsMade);
                    return made == 1 ? "re_admin" : $"re_admin_{made}";
                });
                var refund = SettlementKit.RefundOf(payment(), id, request.Amount ?? 0, answer);
                refund.Metadata = request.Metadata;
                return refund;
            });
    }
}
