using System.Reflection;
using FluentMigrator.Runner;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Data;

/// <summary>
/// Runs the plugin's migration with the real FluentMigrator against a real SQLite database.
/// </summary>
public class SchemaMigrationTests
{
    private string _databasePath;
    private string _connectionString;

    [SetUp]
    public void SetUp()
    {
        _databasePath = Path.Combine(Path.GetTempPath(), $"alipayplus-{Guid.NewGuid():N}.db");
        _connectionString = $"Data Source={_databasePath};Pooling=False";
    }

    [TearDown]
    public void TearDown()
    {
        if (File.Exists(_databasePath))
            File.Delete(_databasePath);
    }

    [Test]
    public void Up_creates_the_four_tables_with_a_column_for_every_mapped_property()
    {
        Migrate(runner => runner.MigrateUp());

        foreach (var entity in new[] { typeof(AlipayPlusPayment), typeof(AlipayPlusRefund),
            typeof(AlipayPlusWebhookEvent), typeof(AlipayPlusClaim) })
            Assert.That(Columns(entity.Name), Is.EquivalentTo(NopMappedColumns(entity)), entity.Name);
    }

    [Test]
    public void A_webhook_event_id_can_be_recorded_only_once()
    {
        Migrate(runner => runner.MigrateUp());

        Execute("INSERT INTO AlipayPlusWebhookEvent (EventId, EventType, StoreId, ProcessedOnUtc) VALUES ('evt_1', " +
            "'payment_intent.succeeded', 1, '2026-11-27')");
        var duplicate = Assert.Throws<SqliteException>(() =>
            Execute("INSERT INTO AlipayPlusWebhookEvent (EventId, EventType, StoreId, ProcessedOnUtc) VALUES " +
                "('evt_1', 'payment_intent.succeeded', 1, '2026-11-27')"));
        Assert.That(duplicate.Message, Does.Contain("UNIQUE"));

        Execute("INSERT INTO AlipayPlusWebhookEvent (EventId, EventType, StoreId, ProcessedOnUtc) VALUES ('evt_2', " +
            "'payment_intent.succeeded', 1, '2026-11-27')");
    }

    [Test]
    public void An_order_attempt_and_a_refund_request_are_unique()
    {
        Migrate(runner => runner.MigrateUp());

        const string attempt =
            "INSERT INTO AlipayPlusPayment (StoreId, OrderId, OrderGuid, Attempt, FlowId, Currency, AmountMinor, " +
            "Status, Livemode, CreatedOnUtc, UpdatedOnUtc) " +
            "VALUES (1, 5, '6F9619FF-8B86-D011-B42D-00C04FC964FF', 1, 0, 'HKD', 100, 'creating', 0, '2026-11-27', " +
            "'2026-11-27')";
        Execute(attempt);
        Assert.Throws<SqliteException>(() => Execute(attempt));

        const string refund =
            "INSERT INTO AlipayPlusRefund (StoreId, OrderId, PaymentId, PaymentIntentId, IdempotencyKey, " +
            "AmountMinor, Currency, Status, FromDashboard, CreatedOnUtc, UpdatedOnUtc) " +
            "VALUES (1, 5, 1, 'pi_1', 'key-1', 50, 'HKD', 'pending', 0, '2026-11-27', '2026-11-27')";
        Execute(refund);
        Assert.Throws<SqliteException>(() => Execute(refund));
    }

    [Test]
    public void Uninstalling_keeps_every_table_and_its_rows_and_a_reinstall_over_them_succeeds()
    {
        using var nop = NopPluginMigrations.ForSqlite(_connectionString);
        nop.Install();
        Execute("INSERT INTO AlipayPlusRefund (StoreId, OrderId, PaymentId, PaymentIntentId, IdempotencyKey, " +
                "AmountMinor, Currency, Status, FromDashboard, CreatedOnUtc, UpdatedOnUtc, PrimaryAmountBooked) " +
                "VALUES (1, 5, 1, 'pi_1', 'key-1', 50, 'HKD', 'succeeded', 0, '2026-11-27', '2026-11-27', 12.34)");

        nop.Uninstall();
        Assert.That(Tables().Count(table => table.StartsWith("AlipayPlus")), Is.EqualTo(4),
            "nopCommerce ran Down: the tables stay");
        nop.Install();

        Assert.That(Query("SELECT PrimaryAmountBooked FROM AlipayPlusRefund WHERE IdempotencyKey = 'key-1'",
            reader => reader.GetDecimal(0)), Is.EqualTo(new[] { 12.34m }));
        foreach (var entity in new[] { typeof(AlipayPlusPayment), typeof(AlipayPlusRefund),
            typeof(AlipayPlusWebhookEvent), typeof(AlipayPlusClaim) })
            Assert.That(Columns(entity.Name), Is.EquivalentTo(NopMappedColumns(entity)), entity.Name);
    }

    [Test]
    public void An_update_from_1_1_0_adds_the_booked_amount_column_and_keeps_the_rows()
    {
        using (var version110 = NopPluginMigrations.ForSqlite(_connectionString,
            [typeof(SchemaMigration), typeof(ClaimMigration)]))
            version110.Install();
        Execute("INSERT INTO AlipayPlusRefund (StoreId, OrderId, PaymentId, PaymentIntentId, IdempotencyKey, " +
                "AmountMinor, Currency, Status, FromDashboard, CreatedOnUtc, UpdatedOnUtc) " +
                "VALUES (1, 5, 1, 'pi_1', 'key-1', 50, 'HKD', 'succeeded', 0, '2026-11-27', '2026-11-27')");
        Assert.That(Columns(nameof(AlipayPlusRefund)), Has.No.Member(nameof(AlipayPlusRefund.PrimaryAmountBooked)));

        using var current = NopPluginMigrations.ForSqlite(_connectionString);
        current.Update();

        Assert.That(Columns(nameof(AlipayPlusRefund)), Is.EquivalentTo(NopMappedColumns(typeof(AlipayPlusRefund))));
        Assert.That(Query("SELECT PrimaryAmountBooked IS NULL FROM AlipayPlusRefund", reader => reader.GetBoolean(0)),
            Is.EqualTo(new[] { true }),
            "a refund from before knows no booked amount and falls back to recomputing it");
    }

    [Test]
    public void The_migration_is_an_installation_migration_with_a_nopcommerce_version()
    {
        var attribute = typeof(SchemaMigration).GetCustomAttribute<Nop.Data.Migrations.NopMigrationAttribute>();

        Assert.That(attribute, Is.Not.Null);
        Assert.That(attribute.TargetMigrationProcess,
            Is.EqualTo(Nop.Data.Migrations.MigrationProcessType.Installation));
        Assert.That(attribute.Version, Is.EqualTo(new DateTime(2026, 11, 27, 9, 0, 0).Ticks));
    }

    [Test]
    public void A_claim_key_can_be_inserted_only_once()
    {
        Migrate(runner => runner.MigrateUp());

        const string claim =
            "INSERT INTO AlipayPlusClaim (ClaimKey, OrderId, SubjectId, OrderRefundedBefore, ClaimedOnUtc) VALUES " +
            "('order-paid:5', 5, 1, 0, '2026-12-01')";
        Execute(claim);
        var duplicate = Assert.Throws<SqliteException>(() => Execute(claim));
        Assert.That(duplicate.Message, Does.Contain("UNIQUE"));
    }

    [Test]
    public void The_claims_migration_runs_on_install_and_on_update()
    {
        var attribute = typeof(ClaimMigration).GetCustomAttribute<Nop.Data.Migrations.NopMigrationAttribute>();

        Assert.That(attribute.TargetMigrationProcess, Is.EqualTo(Nop.Data.Migrations.MigrationProcessType.NoMatter));
        Assert.That(attribute.Version,
            Is.GreaterThan(
                typeof(SchemaMigration).GetCustomAttribute<Nop.Data.Migrations.NopMigrationAttribute>().Version));
    }

    private void Migrate(Action<IMigrationRunner> action)
    {
        using var provider = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => runner
                .AddSQLite()
                .WithGlobalConnectionString(_connectionString)
                .ScanIn(typeof(SchemaMigration).Assembly).For.Migrations())
            .BuildServiceProvider(false);

        action(provider.GetRequiredService<IMigrationRunner>());
    }

    /// <summary>
    /// The columns nopCommerce maps for an entity: public settable properties of the types it maps, Id included.
    /// </summary>
    private static IEnumerable<string> NopMappedColumns(Type entity)
    {
        var mapped = new[] { typeof(int), typeof(long), typeof(string), typeof(bool), typeof(decimal), typeof(DateTime),
            typeof(byte[]), typeof(Guid) };
        return entity.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanWrite && mapped.Contains(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            .Select(p => p.Name);
    }

    private List<string> Columns(string table) => Query($"PRAGMA table_info({table})", reader => reader.GetString(1));

    private List<string> Tables() =>
        Query("SELECT name FROM sqlite_master WHERE type = 'table'", reader => reader.GetString(0));

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
            rows.Add(read(reader));
        return rows;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
