using FluentMigrator;
using Nop.Data.Migrations;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Data;

/// <summary>
/// Adds <see cref="AlipayPlusRefund.PrimaryAmountBooked"/>. Runs on install and when a store updates the plugin, and
/// again on a reinstall over the kept tables (see <see cref="SchemaMigration"/>): it adds the column only when missing.
/// </summary>
[NopMigration("2026/12/01 18:00:00", "Payments.AlipayPlus refund booked amount", MigrationProcessType.NoMatter)]
public class RefundBookedAmountMigration : Migration
{
    public override void Up()
    {
        if (Schema.Table(SchemaMigration.RefundTable).Column(nameof(AlipayPlusRefund.PrimaryAmountBooked)).Exists())
            return;

        // Nullable: refunds recorded before this version do not know the amount; they fall back to recomputing it.
        Create
            .Column(nameof(AlipayPlusRefund.PrimaryAmountBooked))
            .OnTable(SchemaMigration.RefundTable)
            .AsDecimal(18, 4)
            .Nullable();
    }

    /// <summary>
    /// Nothing: the column is part of the refund history an uninstall keeps.
    /// </summary>
    public override void Down()
    {
    }
}
