using System.Linq.Expressions;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Data;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;

/// <summary>
/// nopCommerce's repository as its EntityRepository and BaseDataProvider implement it with linq2db: a data
/// connection per call, the query handed to GetAllAsync translated to SQL and run by the server, Id from the
/// identity on insert, an update or delete by Id. Every read builds new entity objects, as a store does, so two
/// callers never share one. A server error (a unique index, 23505) reaches the caller as Npgsql's PostgresException.
/// </summary>
public sealed class SqlRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    private readonly DataOptions _options;

    public SqlRepository(DataOptions options)
    {
        _options = options;
    }

    /// <summary>
    /// A query over a new DataContext (it opens a connection per query), run when the caller reads it, as nopCommerce's
    /// Table is. The plugin reads it with the build slice's System.Linq ToListAsync, which enumerates it: the SQL runs
    /// synchronously there, as it would not in a store, but it runs.
    /// </summary>
    public IQueryable<TEntity> Table => new DataContext(_options).GetTable<TEntity>();

    public Task<TEntity> GetByIdAsync(int? id, Func<ICacheKeyService, CacheKey> getCacheKey = null,
        bool includeDeleted = true, bool useShortTermCache = false) =>
        WithConnectionAsync(db => id is { } key
            ? AsyncExtensions.FirstOrDefaultAsync(db.GetTable<TEntity>(), e => e.Id == key)
            : Task.FromResult<TEntity>(null));

    public Task<IList<TEntity>> GetAllAsync(Func<IQueryable<TEntity>, IQueryable<TEntity>> func = null,
        Func<ICacheKeyService, CacheKey> getCacheKey = null, bool includeDeleted = true) =>
        WithConnectionAsync<IList<TEntity>>(async db =>
        {
            IQueryable<TEntity> table = db.GetTable<TEntity>();
            // linq2db's own, named: the build slice's System.Linq.ToListAsync
            // would win the overload and enumerate synchronously.
            return await AsyncExtensions.ToListAsync(func is null ? table : func(table));
        });

    public Task InsertAsync(TEntity entity, bool publishEvent = true) =>
        WithConnectionAsync(async db =>
        {
            entity.Id = await db.InsertWithInt32IdentityAsync(entity);
            return true;
        });

    public Task UpdateAsync(TEntity entity, bool publishEvent = true) =>
        WithConnectionAsync(db => db.UpdateAsync(entity));

    public Task DeleteAsync(TEntity entity, bool publishEvent = true) =>
        WithConnectionAsync(db => db.DeleteAsync(entity));

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate) =>
        WithConnectionAsync(db => db.GetTable<TEntity>().Where(predicate).DeleteAsync());

    private async Task<T> WithConnectionAsync<T>(Func<DataConnection, Task<T>> operation)
    {
        await using var db = new DataConnection(_options);
        return await operation(db);
    }
}
