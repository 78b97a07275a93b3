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

    /// <summary>Calls by kind (GetById, GetAll, Insert, Update, Delete; "Insert refused" when the database threw),
    /// counted by the SQL repository only: each is one round trip to the database.</summary>
    IReadOnlyDictionary<string, long> Operations => new Dictionary<string, long>();

    IReadOnlyList<TEntity> Rows { get; }

    void ResetCounters();
}
