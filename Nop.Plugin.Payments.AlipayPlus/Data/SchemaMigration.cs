using FluentMigrator;
using Nop.Data.Migrations;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Data;

/// <summary>
/// The plugin's own tables. Columns are spelled out, not derived from the entities, so that the
/// migration runs (and is tested) with plain FluentMigrator; names follow the entities, which is
/// how nopCommerce maps them.
/// </summary>
[NopMigration("2026/11/27 09:00:00", "Payments.AlipayPlus base schema", MigrationProcessType.Installation)]
public class SchemaMigration : Migration
{
    public const string PaymentTable = nameof(AlipayPlusPayment);
    public const string RefundTable = nameof(AlipayPlusRefund);
    public const string WebhookEventTable = nameof(AlipayPlusWebhookEvent);

    public override void Up()
    {
        Create.Table(PaymentTable)
            .WithColumn(nameof(AlipayPlusPayment.Id)).AsInt32().PrimaryKey().Identity()
            .WithColumn(nameof(AlipayPlusPayment.StoreId)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.OrderId)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.OrderGuid)).AsGuid().NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.Attempt)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.FlowId)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.PaymentIntentId)).AsString(100).Nullable()
            .WithColumn(nameof(AlipayPlusPayment.CheckoutSessionId)).AsString(100).Nullable()
            .WithColumn(nameof(AlipayPlusPayment.RedirectUrl)).AsString(2048).Nullable()
            .WithColumn(nameof(AlipayPlusPayment.Currency)).AsString(3).NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.AmountMinor)).AsInt64().NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.Status)).AsString(50).NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.Livemode)).AsBoolean().NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.LastEventType)).AsString(100).Nullable()
            .WithColumn(nameof(AlipayPlusPayment.LastEventOnUtc)).AsDateTime2().Nullable()
            .WithColumn(nameof(AlipayPlusPayment.CreatedOnUtc)).AsDateTime2().NotNullable()
            .WithColumn(nameof(AlipayPlusPayment.UpdatedOnUtc)).AsDateTime2().NotNullable();

        // One attempt number per order: two servers creating "attempt 2" at once cannot both win.
        Create.Index("IX_AlipayPlusPayment_OrderId_Attempt").OnTable(PaymentTable)
            .OnColumn(nameof(AlipayPlusPayment.OrderId)).Ascending()
            .OnColumn(nameof(AlipayPlusPayment.Attempt)).Ascending()
            .WithOptions().Unique();
        Create.Index("IX_AlipayPlusPayment_PaymentIntentId").OnTable(PaymentTable)
            .OnColumn(nameof(AlipayPlusPayment.PaymentIntentId)).Ascending()
            .WithOptions().NonClustered();

        Create.Table(RefundTable)
            .WithColumn(nameof(AlipayPlusRefund.Id)).AsInt32().PrimaryKey().Identity()
            .WithColumn(nameof(AlipayPlusRefund.StoreId)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.OrderId)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.PaymentId)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.PaymentIntentId)).AsString(100).NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.RefundId)).AsString(100).Nullable()
            .WithColumn(nameof(AlipayPlusRefund.IdempotencyKey)).AsString(200).NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.AmountMinor)).AsInt64().NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.Currency)).AsString(3).NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.Status)).AsString(50).NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.FailureReason)).AsString(400).Nullable()
            .WithColumn(nameof(AlipayPlusRefund.FromDashboard)).AsBoolean().NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.BookedOnOrder)).AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn(nameof(AlipayPlusRefund.CreatedOnUtc)).AsDateTime2().NotNullable()
            .WithColumn(nameof(AlipayPlusRefund.UpdatedOnUtc)).AsDateTime2().NotNullable();

        // The same refund request can be recorded only once, whatever retries or double clicks do.
        Create.Index("IX_AlipayPlusRefund_IdempotencyKey").OnTable(RefundTable)
            .OnColumn(nameof(AlipayPlusRefund.IdempotencyKey)).Ascending()
            .WithOptions().Unique();
        Create.Index("IX_AlipayPlusRefund_OrderId").OnTable(RefundTable)
            .OnColumn(nameof(AlipayPlusRefund.OrderId)).Ascending()
            .WithOptions().NonClustered();

        Create.Table(WebhookEventTable)
            .WithColumn(nameof(AlipayPlusWebhookEvent.Id)).AsInt32().PrimaryKey().Identity()
            .WithColumn(nameof(AlipayPlusWebhookEvent.EventId)).AsString(100).NotNullable()
            .WithColumn(nameof(AlipayPlusWebhookEvent.EventType)).AsString(100).NotNullable()
            .WithColumn(nameof(AlipayPlusWebhookEvent.StoreId)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusWebhookEvent.ProcessedOnUtc)).AsDateTime2().NotNullable();

        // The database, not memory, decides that an event was already handled.
        Create.Index("IX_AlipayPlusWebhookEvent_EventId").OnTable(WebhookEventTable)
            .OnColumn(nameof(AlipayPlusWebhookEvent.EventId)).Ascending()
            .WithOptions().Unique();
    }

    public override void Down()
    {
        Delete.Table(WebhookEventTable);
        Delete.Table(RefundTable);
        Delete.Table(PaymentTable);
    }
}
