// Compile-time slice of FluentMigrator.Abstractions 7.1.0 (see the .csproj). No behaviour.
// Only the members the plugin's migration calls are declared, on the interface that declares them
// in the real assembly; the interface inheritance is the real one.
using FluentMigrator.Infrastructure;

namespace FluentMigrator.Builders
{
    public interface IColumnTypeSyntax<TNext> : IFluentSyntax
        where TNext : IFluentSyntax
    {
        TNext AsBoolean();

        TNext AsDateTime();

        TNext AsDateTime2();

        TNext AsDecimal(int size, int precision);

        TNext AsGuid();

        TNext AsInt32();

        TNext AsInt64();

        TNext AsString(int size);
    }

    public interface IColumnOptionSyntax<TNext, TNextFk> : IFluentSyntax
        where TNext : IFluentSyntax
        where TNextFk : IFluentSyntax
    {
        TNext WithDefaultValue(object value);

        TNext Identity();

        TNext PrimaryKey();

        TNext Nullable();

        TNext NotNullable();
    }

    public interface IForeignKeyCascadeSyntax<TNext, TNextFk> : IFluentSyntax
        where TNext : IFluentSyntax
        where TNextFk : IFluentSyntax
    {
    }

    public interface IInSchemaSyntax : IFluentSyntax
    {
    }

    public interface IIfExistsOrInSchemaSyntax : IInSchemaSyntax
    {
    }
}

namespace FluentMigrator.Builders.Create
{
    using FluentMigrator.Builders.Create.Column;
    using FluentMigrator.Builders.Create.Index;
    using FluentMigrator.Builders.Create.Table;

    public interface ICreateExpressionRoot : IFluentSyntax
    {
        ICreateTableWithColumnOrSchemaOrDescriptionSyntax Table(string tableName);

        ICreateColumnOnTableSyntax Column(string columnName);

        ICreateIndexForTableSyntax Index(string indexName);
    }
}

namespace FluentMigrator.Builders.Create.Column
{
    public interface ICreateColumnOnTableSyntax : IFluentSyntax
    {
        ICreateColumnAsTypeOrInSchemaSyntax OnTable(string name);
    }

    public interface ICreateColumnAsTypeSyntax : IColumnTypeSyntax<ICreateColumnOptionSyntax>
    {
    }

    public interface ICreateColumnAsTypeOrInSchemaSyntax : ICreateColumnAsTypeSyntax
    {
    }

    public interface ICreateColumnOptionSyntax : IColumnOptionSyntax<ICreateColumnOptionSyntax, ICreateColumnOptionOrForeignKeyCascadeSyntax>
    {
    }

    public interface ICreateColumnOptionOrForeignKeyCascadeSyntax :
        ICreateColumnOptionSyntax,
        IForeignKeyCascadeSyntax<ICreateColumnOptionSyntax, ICreateColumnOptionOrForeignKeyCascadeSyntax>
    {
    }
}

namespace FluentMigrator.Builders.Create.Table
{
    public interface ICreateTableWithColumnSyntax : IFluentSyntax
    {
        ICreateTableColumnAsTypeSyntax WithColumn(string name);
    }

    public interface ICreateTableWithColumnOrSchemaSyntax : ICreateTableWithColumnSyntax
    {
    }

    public interface ICreateTableWithColumnOrSchemaOrDescriptionSyntax : ICreateTableWithColumnOrSchemaSyntax
    {
    }

    public interface ICreateTableColumnAsTypeSyntax : IColumnTypeSyntax<ICreateTableColumnOptionOrWithColumnSyntax>
    {
    }

    public interface ICreateTableColumnOptionOrWithColumnSyntax :
        IColumnOptionSyntax<ICreateTableColumnOptionOrWithColumnSyntax, ICreateTableColumnOptionOrForeignKeyCascadeOrWithColumnSyntax>,
        ICreateTableWithColumnSyntax
    {
    }

    public interface ICreateTableColumnOptionOrForeignKeyCascadeOrWithColumnSyntax :
        ICreateTableColumnOptionOrWithColumnSyntax,
        IForeignKeyCascadeSyntax<ICreateTableColumnOptionOrWithColumnSyntax, ICreateTableColumnOptionOrForeignKeyCascadeOrWithColumnSyntax>
    {
    }
}

namespace FluentMigrator.Builders.Create.Index
{
    public interface ICreateIndexForTableSyntax : IFluentSyntax
    {
        ICreateIndexOnColumnOrInSchemaSyntax OnTable(string tableName);
    }

    public interface ICreateIndexOnColumnSyntax : IFluentSyntax
    {
        ICreateIndexColumnOptionsSyntax OnColumn(string columnName);

        ICreateIndexOptionsSyntax WithOptions();
    }

    public interface ICreateIndexOnColumnOrInSchemaSyntax : ICreateIndexOnColumnSyntax
    {
    }

    public interface ICreateIndexColumnOptionsSyntax : IFluentSyntax
    {
        ICreateIndexMoreColumnOptionsSyntax Ascending();
    }

    public interface ICreateIndexMoreColumnOptionsSyntax : ICreateIndexOnColumnSyntax
    {
    }

    public interface ICreateIndexOptionsSyntax : IFluentSyntax
    {
        ICreateIndexOnColumnSyntax Unique();

        ICreateIndexOnColumnSyntax NonClustered();
    }
}

namespace FluentMigrator.Builders.Delete
{
    public interface IDeleteExpressionRoot : IFluentSyntax
    {
        IIfExistsOrInSchemaSyntax Table(string tableName);
    }
}

namespace FluentMigrator.Builders.Schema
{
    using FluentMigrator.Builders.Schema.Table;

    public interface ISchemaExpressionRoot : IFluentSyntax
    {
        ISchemaTableSyntax Table(string tableName);
    }
}

namespace FluentMigrator.Builders.Schema.Table
{
    using FluentMigrator.Builders.Schema.Column;

    // Not an IFluentSyntax in the real assembly either.
    public interface ISchemaTableSyntax
    {
        bool Exists();

        ISchemaColumnSyntax Column(string columnName);
    }
}

namespace FluentMigrator.Builders.Schema.Column
{
    public interface ISchemaColumnSyntax : IFluentSyntax
    {
        bool Exists();
    }
}
