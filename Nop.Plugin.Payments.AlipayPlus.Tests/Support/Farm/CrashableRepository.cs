using System.Linq.Expressions;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// A node's repository: the shared database's, dying on the write its <see cref="CrashPlan"/> names.
/// </summary>
public sealed class CrashableRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    private readonly SqlRepository<TEntity> _inner;
    private readonly CrashPlan _crashes;

    public CrashableRepository(SqlRepository<TEntity> inner, CrashPlan crashes)
    {
        _inner = inner;
        _crashes = crashes;
    }

    public IQueryable<TEntity> Table => _inner.Table;

    public Task<TEntity> GetByIdAsync(int? id, Func<ICacheKeyService, CacheKey> getCacheKey = null,
        bool includeDeleted = true, bool useShortTermCache = false) =>
        _inner.GetByIdAsync(id, getCacheKey, includeDeleted, useShortTermCache);

    public Task<IList<TEntity>> GetAllAsync(Func<IQueryable<TEntity>, IQueryable<TEntity>> func = null,
        Func<ICacheKeyService, CacheKey> getCacheKey = null, bool includeDeleted = true) =>
        _inner.GetAllAsync(func, getCacheKey, includeDeleted);

    public Task InsertAsync(TEntity entity, bool publishEvent = true) =>
        WriteAsync(RepositoryWrite.Insert, () => _inner.InsertAsync(entity, publishEvent));

    public Task UpdateAsync(TEntity entity, bool publishEvent = true) =>
        WriteAsync(RepositoryWrite.Update, () => _inner.UpdateAsync(entity, publishEvent));

    public Task DeleteAsync(TEntity entity, bool publishEvent = true) =>
        WriteAsync(RepositoryWrite.Delete, () => _inner.DeleteAsync(entity, publishEvent));

    public async Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate)
    {
        var deleted = 0;
        await WriteAsync(RepositoryWrite.Delete, async () => deleted = await _inner.DeleteAsync(predicate));
        return deleted;
    }

    private async Task WriteAsync(RepositoryWrite write, Func<Task> perform)
    {
        var crash = _crashes.Counting(typeof(TEntity), write);
        if (crash == CrashMoment.BeforeWrite)
            _crashes.Crash($"before {write} of {typeof(TEntity).Name}");

        await perform();

        if (crash == CrashMoment.AfterWrite)
            _crashes.Crash($"after {write} of {typeof(TEntity).Name}");
    }
}
