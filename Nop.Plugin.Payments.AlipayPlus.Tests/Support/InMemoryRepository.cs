using System.Linq.Expressions;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Data;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// nopCommerce's repository over a list, with the unique indexes the plugin's migration declares, so
/// services see the same "already exists" a database would give them.
/// </summary>
public sealed class InMemoryRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    private readonly List<TEntity> _rows = new();
    private readonly Func<TEntity, object>[] _uniqueKeys;
    private readonly object _sync = new();
    private int _nextId;

    public InMemoryRepository(params Func<TEntity, object>[] uniqueKeys)
    {
        _uniqueKeys = uniqueKeys;
    }

    public IReadOnlyList<TEntity> Rows
    {
        get { lock (_sync) return _rows.ToList(); }
    }

    public IQueryable<TEntity> Table => Rows.AsQueryable();

    public Task<TEntity> GetByIdAsync(int? id, Func<ICacheKeyService, CacheKey> getCacheKey = null,
        bool includeDeleted = true, bool useShortTermCache = false)
    {
        lock (_sync)
            return Task.FromResult(_rows.FirstOrDefault(row => row.Id == id));
    }

    public Task<IList<TEntity>> GetAllAsync(Func<IQueryable<TEntity>, IQueryable<TEntity>> func = null,
        Func<ICacheKeyService, CacheKey> getCacheKey = null, bool includeDeleted = true)
    {
        var query = Rows.AsQueryable();
        return Task.FromResult<IList<TEntity>>((func is null ? query : func(query)).ToList());
    }

    public Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_sync)
        {
            foreach (var key in _uniqueKeys)
            {
                var value = key(entity);
                if (value is not null && _rows.Any(row => Equals(key(row), value)))
                    throw new InvalidOperationException($"Unique index violation on {typeof(TEntity).Name}: {value}");
            }

            entity.Id = ++_nextId;
            _rows.Add(entity);
        }

        return Task.CompletedTask;
    }

    public Task UpdateAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_sync)
        {
            var index = _rows.FindIndex(row => row.Id == entity.Id);
            if (index < 0)
                throw new InvalidOperationException($"{typeof(TEntity).Name} {entity.Id} does not exist.");
            _rows[index] = entity;
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_sync)
            _rows.RemoveAll(row => row.Id == entity.Id);
        return Task.CompletedTask;
    }

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate)
    {
        lock (_sync)
            return Task.FromResult(_rows.RemoveAll(new Predicate<TEntity>(predicate.Compile())));
    }
}
