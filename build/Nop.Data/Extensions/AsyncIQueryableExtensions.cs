namespace System.Linq;

public static class AsyncIQueryableExtensions
{
    // nopCommerce runs the query through linq2db; against a store the plugin binds to that. Here only the
    // in-memory queryables of the tests reach it, and reading them is all there is to do.
    public static Task<List<TSource>> ToListAsync<TSource>(this IQueryable<TSource> source)
    {
        return Task.FromResult(source.ToList());
    }
}
