using System.Reflection;
using FluentMigrator;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using Nop.Data.Migrations;
using Nop.Plugin.Payments.AlipayPlus.Data;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;

/// <summary>
/// Runs the plugin's migrations as nopCommerce 4.90.3 does, by the real FluentMigrator on a real database:
/// PluginService installs with MigrationManager.ApplyUpMigrations(Installation) and then marks the Update migrations
/// applied without running them; an update of the plugin runs ApplyUpMigrations(Update); an uninstall runs
/// ApplyDownMigrations, which runs Down of every applied migration, newest first, and deletes its version row, so
/// a reinstall runs their Up again. The selection is MigrationManager.GetMigrations': by NopMigrationAttribute's
/// version (applied or not) and target process type.
/// </summary>
public sealed class NopPluginMigrations : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IMigrationRunner _runner;
    private readonly IVersionLoader _versions;
    private readonly IReadOnlyList<Type> _migrations;

    private NopPluginMigrations(ServiceProvider services, IReadOnlyList<Type> migrations)
    {
        _services = services;
        _runner = services.GetRequiredService<IMigrationRunner>();
        _versions = services.GetRequiredService<IVersionLoader>();
        _migrations = migrations;
    }

    /// <summary>Every migration of the plugin assembly, as the current version of the plugin ships them.</summary>
    public static IReadOnlyList<Type> CurrentPlugin { get; } = typeof(SchemaMigration).Assembly.GetTypes()
        .Where(type => type.GetCustomAttribute<NopMigrationAttribute>() is not null)
        .ToList();

    /// <param name="migrations">The migrations the plugin version at
    /// hand ships (e.g. fewer, to stand for an older one).</param>
    public static NopPluginMigrations ForPostgres(string connectionString, IReadOnlyList<Type> migrations = null) =>
        Create(runner => runner.AddPostgres(), connectionString, migrations);

    public static NopPluginMigrations ForSqlite(string connectionString, IReadOnlyList<Type> migrations = null) =>
        Create(runner => runner.AddSQLite(), connectionString, migrations);

    private static NopPluginMigrations Create(Action<IMigrationRunnerBuilder> database, string connectionString,
        IReadOnlyList<Type> migrations)
    {
        var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                database(runner);
                runner.WithGlobalConnectionString(connectionString)
                    .ScanIn(typeof(SchemaMigration).Assembly).For.Migrations();
            })
            .BuildServiceProvider(false);
        return new NopPluginMigrations(services, migrations ?? CurrentPlugin);
    }

    /// <summary>PluginService.InsertPluginData(Installation): what
    /// "Install" and the restart do to the database.</summary>
    public void Install()
    {
        ApplyUp(MigrationProcessType.Installation, commitVersionOnly: false);
        ApplyUp(MigrationProcessType.Update, commitVersionOnly: true);
    }

    /// <summary>PluginService.UpdatePluginsAsync: a new version of the plugin found at start-up.</summary>
    public void Update() => ApplyUp(MigrationProcessType.Update, commitVersionOnly: false);

    /// <summary>PluginService.UninstallPluginsAsync: MigrationManager.ApplyDownMigrations.</summary>
    public void Uninstall()
    {
        foreach (var (migration, version) in Select(exactlyProcessType: false, MigrationProcessType.NoMatter,
            isApplied: true).OrderByDescending(m => m.Version))
        {
            _runner.Down(migration);
            _versions.DeleteVersion(version);
        }
    }

    public void Dispose() => _services.Dispose();

    private void ApplyUp(MigrationProcessType processType, bool commitVersionOnly)
    {
        foreach (var (migration, version) in Select(commitVersionOnly && processType != MigrationProcessType.NoMatter,
            processType, isApplied: false).OrderBy(m => m.Version))
        {
            if (!commitVersionOnly)
                _runner.Up(migration);
            _versions.UpdateVersionInfo(version,
                migration.GetType().GetCustomAttribute<NopMigrationAttribute>()!.Description);
        }
    }

    private List<(IMigration Migration, long Version)> Select(bool exactlyProcessType, MigrationProcessType processType,
        bool isApplied)
    {
        _versions.LoadVersionInfo();
        return _migrations
            .Select(type => (Type: type, Attribute: type.GetCustomAttribute<NopMigrationAttribute>()!))
            .Where(m => isApplied == _versions.VersionInfo.HasAppliedMigration(m.Attribute.Version))
            .Where(m => !exactlyProcessType || processType == m.Attribute.TargetMigrationProcess)
            .Where(m => m.Attribute.TargetMigrationProcess == MigrationProcessType.NoMatter
                || processType == MigrationProcessType.NoMatter
                || processType == m.Attribute.TargetMigrationProcess)
            .Select(m => ((IMigration)Activator.CreateInstance(m.Type)!, m.Attribute.Version))
            .ToList();
    }
}
