using FluentMigrator;
using Nop.Data.Migrations;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Data;

/// <summary>
/// The plugin's own tables. Columns are spelled out, not derived from the entities, so that the
/// migration runs (and is tested) with plain FluentMigrator; names follow the entities, which is
/// how nopCommerce maps them.
/// Uninstalling keeps the tables: they are the record of what was paid and refunded through WooshPay, which a
/// reinstalled plugin needs to refund those orders. nopCommerce runs Down on uninstall and forgets that Up ran, so
/// a reinstall runs Up again over the kept tables: Up creates only what is missing.
/// </summary>
[NopMigration("2026/11/27 09:00:00", "Payments.AlipayPlus base schema", MigrationProcessType.Installation)]
public class SchemaMigration : Migration
{
    public const string PaymentTable = nameof(AlipayPlusPayment);
    public const string RefundTable = nameof(AlipayPlusRefund);
    public const string WebhookEventTable = nameof(AlipayPlusWebhookEvent);

    public override void Up()
    {
        if (!Schema.Table(PaymentTable).Exists())
            CreatePaymentTable();
        if (!Schema.Table(RefundTable).Exists())
            CreateRefundTable();
        if (!Schema.Table(WebhookEventTable).Exists())
            CreateWebhookEventTable();
    }

    /// <summary>
    /// Nothing: the payment history outlives an uninstall (see the class comment), as nopCommerce's own plugins keep
    /// their data.
    /// </summary>
    public override void Down()
    {
    }

    private void CreatePaymentTable()
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
    }

    private void CreateRefundTable()
    {
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
    }

    private void CreateWebhookEventTable()
    {
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
}
