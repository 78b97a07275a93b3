using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace AlipayPlus.Benchmarks.Shop;

/// <summary>
/// LINQ over an in-memory list that compiles each query shape once, as a database driver caches its
/// query plans (linq2db does). EnumerableQuery, what List.AsQueryable() gives, compiles the expression
/// tree again on every execution, which costs more than the scan and would be charged to the plugin.
/// Constants (closure fields such as the event id, Take's count) become parameters of the cached delegate.
/// A query built by a repository caller's lambda is cached by that lambda's method (its call site), so a
/// repeated query costs building its expression, collecting its constants and the scan.
/// </summary>
internal sealed class CompiledQueryProvider<T> : IQueryProvider
{
    private static readonly ConcurrentDictionary<string, Func<IEnumerable<T>, object[], object>> Cache = new();
    private static readonly ConcurrentDictionary<(MethodInfo Site, int Constants),
        Func<IEnumerable<T>, object[], object>> SiteCache = new();
    private static readonly ConcurrentDictionary<MethodInfo, MethodInfo> EnumerableCounterparts = new();

    private readonly IEnumerable<T> _source;

    public CompiledQueryProvider(IEnumerable<T> source)
    {
        _source = source;
        Root = new Query<T>(this, null);
    }

    public IQueryable<T> Root { get; }

    public IQueryable CreateQuery(Expression expression) =>
        (IQueryable)Activator.CreateInstance(typeof(Query<>).MakeGenericType(expression.Type.GetGenericArguments()[0]),
            this, expression)!;

    public IQueryable<TElement> CreateQuery<TElement>(Expression expression) => new Query<TElement>(this, expression);

    public object Execute(Expression expression) => Run(expression);

    /// <summary>Runs the query that <paramref name="site"/> (a
    /// caller's lambda) built, compiled once per site.</summary>
    public List<TElement> ToList<TElement>(MethodInfo site, IQueryable<TElement> query)
    {
        if (query is Query<TElement> own && own.IsRoot)
            return ((IEnumerable<TElement>)_source).ToList();

        var constants = new ConstantCollector(Root);
        constants.Visit(query.Expression);
        var compiled = SiteCache.GetOrAdd((site, constants.Values.Count), _ => Compile(query.Expression));
        return ((IEnumerable<TElement>)compiled(_source, constants.Values.ToArray())).ToList();
    }

    private Func<IEnumerable<T>, object[], object> Compile(Expression expression)
    {
        var rewriter = new Rewriter(Root);
        var body = rewriter.Visit(expression)!;
        return Expression.Lambda<Func<IEnumerable<T>, object[], object>>(
            Expression.Convert(body, typeof(object)), rewriter.Source, rewriter.Values).Compile();
    }

    public TResult Execute<TResult>(Expression expression) => (TResult)Run(expression);

    private object Run(Expression expression)
    {
        var rewriter = new Rewriter(Root);
        var body = rewriter.Visit(expression)!;
        var key = body + "|" + string.Join(",", rewriter.ConstantTypes.Select(t => t.FullName));
        var compiled = Cache.GetOrAdd(key, _ =>
            Expression.Lambda<Func<IEnumerable<T>, object[], object>>(
                Expression.Convert(body, typeof(object)), rewriter.Source, rewriter.Values).Compile());
        return compiled(_source, rewriter.ConstantValues.ToArray());
    }

    private sealed class Query<TElement> : IOrderedQueryable<TElement>
    {
        private readonly CompiledQueryProvider<T> _provider;

        public Query(CompiledQueryProvider<T> provider, Expression expression)
        {
            _provider = provider;
            Expression = expression ?? Expression.Constant(this);
        }

        public bool IsRoot => Expression is ConstantExpression c && ReferenceEquals(c.Value, _provider.Root);

        public Type ElementType => typeof(TElement);

        public Expression Expression { get; }

        public IQueryProvider Provider => _provider;

        public IEnumerator<TElement> GetEnumerator() =>
            ReferenceEquals(Expression is ConstantExpression c ? c.Value : null, _provider.Root)
                ? ((IEnumerable<TElement>)_provider._source).GetEnumerator()
                : _provider.Execute<IEnumerable<TElement>>(Expression).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The constants of a query in the order <see cref="Rewriter"/> turns them into parameters.</summary>
    private sealed class ConstantCollector(IQueryable<T> root) : ExpressionVisitor
    {
        public List<object> Values { get; } = new();

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (!ReferenceEquals(node.Value, root))
                Values.Add(node.Value);
            return node;
        }
    }

    private sealed class Rewriter(IQueryable<T> root) : ExpressionVisitor
    {
        public ParameterExpression Source { get; } = Expression.Parameter(typeof(IEnumerable<T>), "source");
        public ParameterExpression Values { get; } = Expression.Parameter(typeof(object[]), "values");
        public List<object> ConstantValues { get; } = new();
        public List<Type> ConstantTypes { get; } = new();

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (ReferenceEquals(node.Value, root))
                return Source;
            ConstantValues.Add(node.Value);
            ConstantTypes.Add(node.Type);
            return Expression.Convert(
                Expression.ArrayIndex(Values, Expression.Constant(ConstantValues.Count - 1)), node.Type);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(Queryable))
                return base.VisitMethodCall(node);

            var arguments = node.Arguments
                .Select(argument => Visit(
                    argument is UnaryExpression { NodeType: ExpressionType.Quote } quote ? quote.Operand : argument)!)
                .ToArray();
            var target = EnumerableCounterparts.GetOrAdd(node.Method, _ => FindCounterpart(node.Method, arguments));
            return Expression.Call(target, arguments);
        }

        private static MethodInfo FindCounterpart(MethodInfo queryable, Expression[] arguments)
        {
            var generic = queryable.GetGenericArguments();
            return typeof(Enumerable).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.Name == queryable.Name && m.IsGenericMethodDefinition
                    && m.GetGenericArguments().Length == generic.Length
                    && m.GetParameters().Length == arguments.Length)
                .Select(m => m.MakeGenericMethod(generic))
                .FirstOrDefault(m => m.GetParameters().Select(p => p.ParameterType)
                    .Zip(arguments, (type, argument) => type.IsAssignableFrom(argument.Type)).All(ok => ok))
                ?? throw new NotSupportedException($"No Enumerable counterpart of Queryable.{queryable.Name}");
        }
    }
}
