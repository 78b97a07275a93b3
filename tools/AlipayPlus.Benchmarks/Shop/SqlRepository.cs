using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq.Expressions;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Nop.Core;
using Nop.Core.Caching;

namespace AlipayPlus.Benchmarks.Shop;

/// <summary>
/// nopCommerce's repository as nopCommerce implements it: linq2db, a data connection per call, the query
/// the plugin hands to GetAllAsync translated to SQL and run by the engine against the migration's indexes.
/// </summary>
public sealed class SqlRepository<TEntity> : IBenchTable<TEntity> where TEntity : BaseEntity
{
    private readonly DataOptions _options;
    private long _ticks;
    private long _calls;
    private readonly ConcurrentDictionary<string, long> _operations = new();

    public SqlRepository(DataOptions options)
    {
        _options = options;
    }

    public TimeSpan TimeInside => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public long Calls => Interlocked.Read(ref _calls);

    public IReadOnlyDictionary<string, long> Operations => new Dictionary<string, long>(_operations);

    public IReadOnlyList<TEntity> Rows
    {
        get
        {
            using var db = new DataConnection(_options);
            return db.GetTable<TEntity>().OrderBy(e => e.Id).ToList();
        }
    }

    /// <summary>
    /// A query linq2db translates, run when the caller reads it (a DataContext opens a connection per query), as
    /// nopCommerce's Table is. It runs outside <see cref="TimeInside"/>: the reader, not this class, executes it.
    /// </summary>
    public IQueryable<TEntity> Table => new DataContext(_options).GetTable<TEntity>();

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _ticks, 0);
        Interlocked.Exchange(ref _calls, 0);
        _operations.Clear();
    }

    public Task<TEntity> GetByIdAsync(int? id, Func<ICacheKeyService, CacheKey> getCacheKey = null,
        bool includeDeleted = true, bool useShortTermCache = false) =>
        TimedAsync("GetById", db => id is { } key
            ? db.GetTable<TEntity>().FirstOrDefaultAsync(e => e.Id == key)
            : Task.FromResult<TEntity>(null));

    public Task<IList<TEntity>> GetAllAsync(Func<IQueryable<TEntity>, IQueryable<TEntity>> func = null,
        Func<ICacheKeyService, CacheKey> getCacheKey = null, bool includeDeleted = true) =>
        TimedAsync<IList<TEntity>>("GetAll", async db =>
        {
            IQueryable<TEntity> table = db.GetTable<TEntity>();
            // linq2db's own, named: nopCommerce's System.Linq.ToListAsync (the build stub here) would win the overload.
            return await AsyncExtensions.ToListAsync(func is null ? table : func(table));
        });

    public Task InsertAsync(TEntity entity, bool publishEvent = true) =>
        TimedAsync("Insert", async db =>
        {
            entity.Id = await db.InsertWithInt32IdentityAsync(entity);
            return true;
        });

    public Task UpdateAsync(TEntity entity, bool publishEvent = true) =>
        TimedAsync("Update", db => db.UpdateAsync(entity));

    public Task DeleteAsync(TEntity entity, bool publishEvent = true) =>
        TimedAsync("Delete", db => db.DeleteAsync(entity));

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate) =>
        TimedAsync("Delete", db => db.GetTable<TEntity>().Where(predicate).DeleteAsync());

    private async Task<T> TimedAsync<T>(string kind, Func<DataConnection, Task<T>> operation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await using var db = new DataConnection(_options);
            return await operation(db);
        }
        catch
        {
            kind += " refused";
            throw;
        }
        finally
        {
            _operations.AddOrUpdate(kind, 1, (_, count) => count + 1);
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _calls);
        }
    }
}
