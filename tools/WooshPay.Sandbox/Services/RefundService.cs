using WooshPay.Sandbox.Api;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Model;

namespace WooshPay.Sandbox.Services;

/// <summary>
/// Refunds are asynchronous like Alipay+'s: created pending, settled later to succeeded or failed.
/// The intent's lock guards the refundable balance so two concurrent partial refunds can never
/// together exceed what was paid.
/// </summary>
public sealed class RefundService
{
    public static readonly string[] Reasons = ["duplicate", "fraudulent", "requested_by_customer", "resolved_dispute"];

    private readonly SandboxRuntime _sandbox;

    public RefundService(SandboxRuntime sandbox) => _sandbox = sandbox;

    public Refund Create(SandboxState state, PaymentIntent pi, long? amount, string? reason,
        Dictionary<string, string>? metadata, string? description, string source)
    {
        Refund refund;
        lock (pi.Sync)
        {
            if (pi.Status != IntentStatus.Succeeded)
                throw new ApiException(400, "invalid_request_error", "payment_intent_unexpected_state",
                    $"PaymentIntent {pi.Id} has a status of {pi.Status}; only a succeeded payment can be refunded.",
                    "payment_intent");

            var refundable = pi.AmountReceived - pi.AmountRefunded;
            if (refundable <= 0)
                throw new ApiException(400, "invalid_request_error", "charge_already_refunded",
                    $"PaymentIntent {pi.Id} has already been refunded in full.", "payment_intent");

            var value = amount ?? refundable;
            if (value <= 0)
                throw new ApiException(400, "invalid_request_error", "amount_too_small",
                    "Refund amount must be a positive integer.", "amount");
            if (value > refundable)
                throw new ApiException(400, "invalid_request_error", "amount_too_large",
                    $"Refund amount ({value}) is greater than the unrefunded amount on the payment ({refundable}).",
                    "amount");

            pi.AmountRefunded += value;
            refund = new Refund(pi.Account, pi.Id, value, pi.Currency)
            {
                Reason = reason,
                Metadata = metadata,
                Description = description,
                Source = source,
            };
            state.Refunds[refund.Id] = refund;
            _sandbox.Events.Publish(state, refund.Account, "charge.refund.updated", refund.Snapshot());
        }

        Later.Run(_sandbox.Options.RefundSettleDelay, state, () => Settle(state, refund));
        return refund;
    }

    /// <summary>pending → succeeded | failed. A failed refund
    /// hands its amount back to the refundable balance.</summary>
    public void Settle(SandboxState state, Refund refund)
    {
        if (!state.PaymentIntents.TryGetValue(refund.PaymentIntentId, out var pi)) return;
        lock (pi.Sync)
        lock (refund.Sync)
        {
            if (refund.Status != "pending") return;
            var forced = refund.Metadata?.GetValueOrDefault("sandbox_outcome");
            var fail = forced == "failed" ||
                       (forced != "succeeded" && _sandbox.Options.RefundFailureRate > 0 &&
                        _sandbox.Faults.NextDouble() < _sandbox.Options.RefundFailureRate);
            if (fail)
            {
                refund.Status = "failed";
                refund.FailureReason = refund.Metadata?.GetValueOrDefault("sandbox_failure_reason") ?? "unknown";
                pi.AmountRefunded -= refund.Amount;
            }
            else
            {
                refund.Status = "succeeded";
            }

            _sandbox.Events.Publish(state, refund.Account, "charge.refund.updated", refund.Snapshot());
        }
    }
}
