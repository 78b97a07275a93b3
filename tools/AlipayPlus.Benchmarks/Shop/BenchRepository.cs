using System.Diagnostics;
using System.Linq.Expressions;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Data;

namespace AlipayPlus.Benchmarks.Shop;

/// <summary>
/// nopCommerce's repository over a list with the migration's unique indexes, like the tests'
/// InMemoryRepository, but queried in place (no copy of the table per query) and with an id index, so a
/// table of 10,000 rows costs what a scan costs, and each query shape compiled once (see
/// <see cref="CompiledQueryProvider{T}"/>). It adds up the time spent inside it: the stand-in
/// database's share of a measured path, reported beside the figures.
/// </summary>
public sealed class BenchRepository<TEntity> : IBenchTable<TEntity> where TEntity : BaseEntity
{
    private readonly List<TEntity> _rows = new();
    private readonly Dictionary<int, TEntity> _byId = new();
    private readonly Func<TEntity, object>[] _uniqueKeys;
    private readonly HashSet<object>[] _uniqueValues;
    private readonly object _sync = new();
    private int _nextId;
    private long _ticks;
    private long _calls;

    private readonly CompiledQueryProvider<TEntity> _queries;

    public BenchRepository(params Func<TEntity, object>[] uniqueKeys)
    {
        _queries = new CompiledQueryProvider<TEntity>(_rows);
        _uniqueKeys = uniqueKeys;
        _uniqueValues = uniqueKeys.Select(_ => new HashSet<object>()).ToArray();
    }

    public TimeSpan TimeInside => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public long Calls => Interlocked.Read(ref _calls);

    public int Count
    {
        get { lock (_sync) return _rows.Count; }
    }

    public IReadOnlyList<TEntity> Rows
    {
        get { lock (_sync) return _rows.ToList(); }
    }

    public IQueryable<TEntity> Table => Rows.AsQueryable();

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _ticks, 0);
        Interlocked.Exchange(ref _calls, 0);
    }

    public Task<TEntity> GetByIdAsync(int? id, Func<ICacheKeyService, CacheKey> getCacheKey = null,
        bool includeDeleted = true, bool useShortTermCache = false)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            lock (_sync)
                return Task.FromResult(id is { } key ? _byId.GetValueOrDefault(key) : null);
        }
        finally
        {
            Record(start);
        }
    }

    public Task<IList<TEntity>> GetAllAsync(Func<IQueryable<TEntity>, IQueryable<TEntity>> func = null,
        Func<ICacheKeyService, CacheKey> getCacheKey = null, bool includeDeleted = true)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            lock (_sync)
            {
                return Task.FromResult<IList<TEntity>>(
                    func is null ? _rows.ToList() : _queries.ToList(func.Method, func(_queries.Root)));
            }
        }
        finally
        {
            Record(start);
        }
    }

    public Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            lock (_sync)
            {
                var values = _uniqueKeys.Select(key => key(entity)).ToArray();
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] is not null && _uniqueValues[i].Contains(values[i]))
                        throw new InvalidOperationException(
                            $"Unique index violation on {typeof(TEntity).Name}: {values[i]}");
                }

                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] is not null)
                        _uniqueValues[i].Add(values[i]);
                }

                entity.Id = ++_nextId;
                _rows.Add(entity);
                _byId[entity.Id] = entity;
            }
        }
        finally
        {
            Record(start);
        }

        return Task.CompletedTask;
    }

    public Task UpdateAsync(TEntity entity, bool publishEvent = true)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            lock (_sync)
            {
                if (!_byId.TryGetValue(entity.Id, out var existing))
                    throw new InvalidOperationException($"{typeof(TEntity).Name} {entity.Id} does not exist.");
                if (!ReferenceEquals(existing, entity))
                {
                    _rows[_rows.IndexOf(existing)] = entity;
                    _byId[entity.Id] = entity;
                }
            }
        }
        finally
        {
            Record(start);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_sync)
        {
            _rows.RemoveAll(row => row.Id == entity.Id);
            _byId.Remove(entity.Id);
        }

        return Task.CompletedTask;
    }

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate)
    {
        var match = predicate.Compile();
        lock (_sync)
        {
            foreach (var row in _rows.Where(match).ToList())
                _byId.Remove(row.Id);
            return Task.FromResult(_rows.RemoveAll(new Predicate<TEntity>(match)));
        }
    }

    private void Record(long start)
    {
        Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
        Interlocked.Increment(ref _calls);
    }
}
