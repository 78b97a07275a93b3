using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using LinqToDB.Mapping;
using Nop.Core;
using Nop.Plugin.Payments.AlipayPlus.Data;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;

/// <summary>
/// An entity and the table it lives in, mapped as nopCommerce maps entities: Id the identity primary key, every
/// other public property a column of its own name, except enum-typed ones, which are views over an int column
/// (AlipayPlusPayment.Flow over FlowId, Order.OrderStatus over OrderStatusId).
/// </summary>
public sealed record MappedTable(Type Entity, string Table)
{
    private static readonly ConcurrentDictionary<string, MappingSchema> _schemas = new();

    /// <summary>
    /// Every entity of the plugin, found by reflection so an entity
    /// added to the plugin is mapped without a change here.
    /// </summary>
    public static IReadOnlyList<MappedTable> PluginEntities { get; } = typeof(SchemaMigration).Assembly.GetTypes()
        .Where(type => type.IsClass && !type.IsAbstract && typeof(BaseEntity).IsAssignableFrom(type))
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .Select(type => new MappedTable(type, type.Name))
        .ToList();

    /// <summary>
    /// The properties that are columns.
    /// </summary>
    public IEnumerable<PropertyInfo> Columns => Entity.GetProperties(BindingFlags.Instance | BindingFlags.Public)
        .Where(property => property.CanRead && property.CanWrite && !IsEnum(property.PropertyType));

    /// <summary>
    /// One schema per set of tables, shared: linq2db caches its compiled queries per schema, so a schema per test
    /// database would compile every query again.
    /// </summary>
    public static MappingSchema Schema(IEnumerable<MappedTable> tables)
    {
        var list = tables.ToList();
        var key = string.Join(";", list.Select(table => $"{table.Entity.AssemblyQualifiedName}={table.Table}"));
        return _schemas.GetOrAdd(key, _ => Build(list));
    }

    private static MappingSchema Build(IReadOnlyList<MappedTable> tables)
    {
        var schema = new MappingSchema();
        var builder = new FluentMappingBuilder(schema);
        var map = typeof(MappedTable).GetMethod(nameof(Map), BindingFlags.NonPublic | BindingFlags.Static);
        foreach (var table in tables)
            map!.MakeGenericMethod(table.Entity).Invoke(null, [builder, table.Table]);
        builder.Build();
        return schema;
    }

    private static void Map<TEntity>(FluentMappingBuilder builder, string table) where TEntity : BaseEntity
    {
        var entity = builder.Entity<TEntity>().HasTableName(table).HasPrimaryKey(e => e.Id).HasIdentity(e => e.Id);
        foreach (var property in typeof(TEntity).GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => IsEnum(p.PropertyType)))
        {
            var parameter = Expression.Parameter(typeof(TEntity), "e");
            var access = Expression.Lambda<Func<TEntity, object>>(
                Expression.Convert(Expression.Property(parameter, property), typeof(object)), parameter);
            entity.Ignore(access);
        }
    }

    private static bool IsEnum(Type type) => (Nullable.GetUnderlyingType(type) ?? type).IsEnum;
}
