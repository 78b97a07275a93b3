using FluentMigrator;
using Nop.Data.Migrations;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace Nop.Plugin.Payments.AlipayPlus.Data;

/// <summary>
/// The claims table: what must happen once is decided by a unique key in the database, not by a lock.
/// Runs on install and when a store updates the plugin, and again on a reinstall over the table an uninstall kept
/// (see <see cref="SchemaMigration"/>): it creates the table only when missing.
/// </summary>
[NopMigration("2026/12/01 12:00:00", "Payments.AlipayPlus claims", MigrationProcessType.NoMatter)]
public class ClaimMigration : Migration
{
    public const string ClaimTable = nameof(AlipayPlusClaim);

    public override void Up()
    {
        if (Schema.Table(ClaimTable).Exists())
            return;

        Create.Table(ClaimTable)
            .WithColumn(nameof(AlipayPlusClaim.Id)).AsInt32().PrimaryKey().Identity()
            .WithColumn(nameof(AlipayPlusClaim.ClaimKey)).AsString(200).NotNullable()
            .WithColumn(nameof(AlipayPlusClaim.OrderId)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusClaim.SubjectId)).AsInt32().NotNullable()
            .WithColumn(nameof(AlipayPlusClaim.OrderRefundedBefore)).AsDecimal(18, 4).NotNullable()
            .WithColumn(nameof(AlipayPlusClaim.ClaimedOnUtc)).AsDateTime2().NotNullable()
            .WithColumn(nameof(AlipayPlusClaim.CompletedOnUtc)).AsDateTime2().Nullable();

        // The guarantee itself: two servers inserting the same key cannot both succeed.
        Create.Index("IX_AlipayPlusClaim_ClaimKey").OnTable(ClaimTable)
            .OnColumn(nameof(AlipayPlusClaim.ClaimKey)).Ascending()
            .WithOptions().Unique();
        Create.Index("IX_AlipayPlusClaim_OrderId").OnTable(ClaimTable)
            .OnColumn(nameof(AlipayPlusClaim.OrderId)).Ascending()
            .WithOptions().NonClustered();
    }

    /// <summary>
    /// Nothing: the claims say which refunds the orders count, which the kept refunds need after a reinstall.
    /// </summary>
    public override void Down()
    {
    }
}
