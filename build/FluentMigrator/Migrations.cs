// Compile-time slice of FluentMigrator 7.1.0 (see the .csproj). No behaviour: the expression roots
// return null here; the real FluentMigrator supplies them at run time.
// The real MigrationBase also implements FluentMigrator.IMigration; that is not needed to compile
// or bind a migration and is left out of this slice.
using FluentMigrator.Builders.Create;
using FluentMigrator.Builders.Delete;
using FluentMigrator.Builders.Schema;

namespace FluentMigrator
{
    public abstract class MigrationBase
    {
        protected MigrationBase()
        {
        }

        public abstract void Up();

        public abstract void Down();

        public ICreateExpressionRoot Create => null;

        public ISchemaExpressionRoot Schema => null;
    }

    public abstract class Migration : MigrationBase
    {
        protected Migration()
        {
        }

        public IDeleteExpressionRoot Delete => null;
    }

    public abstract class AutoReversingMigration : MigrationBase
    {
        protected AutoReversingMigration()
        {
        }

        public sealed override void Down()
        {
        }
    }
}
