using Nop.Core;
using Nop.Data;

namespace AlipayPlus.Benchmarks.Shop;

/// <summary>
/// One of the plugin's tables as the benchmark shop holds it: nopCommerce's repository, plus the time spent
/// inside it, so a run can report the database's share apart from the plugin's.
/// </summary>
public interface IBenchTable<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    TimeSpan TimeInside { get; }

    long Calls { get; }

    IReadOnlyList<TEntity> Rows { get; }

    void ResetCounters();
}
