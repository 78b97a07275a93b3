using FluentMigrator.Runner;
using LinqToDB;
using LinqToDB.DataProvider.SQLite;
using LinqToDB.Mapping;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;

namespace AlipayPlus.Benchmarks.Shop;

/// <summary>
/// Where the benchmark shop keeps the plugin's three tables: <c>list</c>, the in-memory stand-in (no SQL);
/// <c>sqlite</c>, an in-memory SQLite database; <c>postgres:&lt;connection string&gt;</c>, a PostgreSQL server, the
/// store's kind of database. The two SQL ones get their schema from the plugin's own migration and are queried
/// through linq2db, as nopCommerce does.
/// </summary>
public sealed class BenchDatabase : IDisposable
{
    private const string PostgresPrefix = "postgres:";

    // An in-memory SQLite database lives as long as one connection to it stays open.
    private readonly SqliteConnection _keepAlive;
    private readonly DataOptions _options;

    private BenchDatabase(string description, SqliteConnection keepAlive, DataOptions options)
    {
        Description = description;
        _keepAlive = keepAlive;
        _options = options;
    }

    /// <summary>The database the load runs use unless --db says otherwise.</summary>
    public static string DefaultSpec { get; set; } = "sqlite";

    public string Description { get; }

    public static BenchDatabase Open(string spec = null)
    {
        spec ??= DefaultSpec;
        if (spec == "list")
            return new BenchDatabase("in-memory list stand-in (no SQL)", null, null);

        if (spec == "sqlite")
        {
            var connectionString = $"Data Source=file:alipayplus-bench-{Guid.NewGuid():N}?mode=memory&cache=shared";
            var keepAlive = new SqliteConnection(connectionString);
            keepAlive.Open();
            Migrate(runner => runner.AddSQLite(), connectionString);
            var options = new DataOptions()
                .UseSQLite(connectionString, SQLiteProvider.Microsoft)
                .UseMappingSchema(Mapping);
            return new BenchDatabase("SQLite 3 in memory via linq2db (in-process, no network)", keepAlive, options);
        }

        if (spec.StartsWith(PostgresPrefix, StringComparison.Ordinal))
        {
            var connectionString = spec[PostgresPrefix.Length..];
            // A fresh schema each run: the previous run's rows would change what every query scans.
            Migrate(runner => runner.AddPostgres(), connectionString, down: true);
            Migrate(runner => runner.AddPostgres(), connectionString);
            var options = new DataOptions().UsePostgreSQL(connectionString).UseMappingSchema(Mapping);
            return new BenchDatabase("PostgreSQL via linq2db + Npgsql over loopback TCP", null, options);
        }

        throw new ArgumentException($"--db must be list, sqlite or postgres:<connection string>, not '{spec}'.");
    }

    public IBenchTable<TEntity> Table<TEntity>(params Func<TEntity, object>[] uniqueKeys) where TEntity : BaseEntity =>
        _options is null ? new BenchRepository<TEntity>(uniqueKeys) : new SqlRepository<TEntity>(_options);

    public void Dispose() => _keepAlive?.Dispose();

    // nopCommerce maps an entity's public properties of simple types to columns named after them; the enum
    // views over an int column (AlipayPlusPayment.Flow over FlowId) are not columns.
    private static readonly MappingSchema Mapping = BuildMapping();

    private static MappingSchema BuildMapping()
    {
        var schema = new MappingSchema();
        var builder = new FluentMappingBuilder(schema);
        builder.Entity<AlipayPlusPayment>()
            .HasTableName(nameof(AlipayPlusPayment))
            .HasPrimaryKey(e => e.Id)
            .HasIdentity(e => e.Id)
            .Ignore(e => e.Flow);
        builder.Entity<AlipayPlusRefund>()
            .HasTableName(nameof(AlipayPlusRefund))
            .HasPrimaryKey(e => e.Id)
            .HasIdentity(e => e.Id);
        builder.Entity<AlipayPlusWebhookEvent>()
            .HasTableName(nameof(AlipayPlusWebhookEvent))
            .HasPrimaryKey(e => e.Id)
            .HasIdentity(e => e.Id);
        builder.Entity<AlipayPlusClaim>()
            .HasTableName(nameof(AlipayPlusClaim))
            .HasPrimaryKey(e => e.Id)
            .HasIdentity(e => e.Id);
        builder.Build();
        return schema;
    }

    private static void Migrate(Action<IMigrationRunnerBuilder> provider, string connectionString, bool down = false)
    {
        using var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                provider(runner);
                runner
                    .WithGlobalConnectionString(connectionString)
                    .ScanIn(typeof(SchemaMigration).Assembly).For.Migrations();
            })
            .BuildServiceProvider(false);
        var runner = services.GetRequiredService<IMigrationRunner>();
        if (down)
        {
            // The plugin's migrations keep their tables on the way down (an uninstall keeps the payment history), so a
            // fresh run drops them itself, with the migrations' record of having run.
            foreach (var table in new[] { "AlipayPlusClaim", "AlipayPlusRefund", "AlipayPlusPayment",
                "AlipayPlusWebhookEvent", "VersionInfo" })
                runner.Processor.Execute($"DROP TABLE IF EXISTS \"{table}\"");
        }
        else
            runner.MigrateUp();
    }
}
