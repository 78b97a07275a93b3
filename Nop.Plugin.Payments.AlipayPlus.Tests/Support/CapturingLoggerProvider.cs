using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>Keeps every log line, its structured values, scopes and exception text, to search for secrets.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public string AllText => string.Join("\n", Lines);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public ILogger<T> CreateLogger<T>() => new Logger<T>(new SingleProviderFactory(this));

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Lines.Enqueue($"[scope] {category}: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception,
            Func<TState, Exception, string> formatter)
        {
            owner.Lines.Enqueue(
                $"[{logLevel}] {category}: {formatter(state, exception)} | {Describe(state)} | {exception}");
        }

        private static string Describe(object state) =>
            state is IEnumerable<KeyValuePair<string, object>> values
                ? string.Join("; ", values.Select(kv => $"{kv.Key}={kv.Value}"))
                : state?.ToString();
    }

    private sealed class SingleProviderFactory(CapturingLoggerProvider provider) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
