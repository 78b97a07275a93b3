using System.Globalization;
using FluentMigrator;

namespace Nop.Data.Migrations;

public partial class NopMigrationAttribute : MigrationAttribute
{
    // nopCommerce turns the migration's date into its FluentMigrator version (ticks); the same
    // arithmetic here lets a test runner order and record the plugin's migration as a store would.
    private static readonly string[] _dateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy.MM.dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss:fffffff", "yyyy.MM.dd HH:mm:ss:fffffff", "yyyy/MM/dd HH:mm:ss:fffffff"
    ];

    public NopMigrationAttribute(string dateTime, string description, MigrationProcessType targetMigrationProcess = MigrationProcessType.NoMatter)
        : base(DateTime.ParseExact(dateTime, _dateFormats, CultureInfo.InvariantCulture).Ticks, description)
    {
        TargetMigrationProcess = targetMigrationProcess;
    }

    public virtual MigrationProcessType TargetMigrationProcess { get; }
}
