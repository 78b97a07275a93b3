using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Sockets;

namespace AlipayPlus.Benchmarks.Load;

/// <summary>
/// Counts what reaches the in-process sandbox from ASP.NET Core's own meters: TCP connections Kestrel
/// accepted (kestrel.active_connections +1) and HTTP requests it started (http.server.active_requests +1).
/// Nothing in the plugin's HTTP stack is replaced to count them.
/// </summary>
public sealed class SandboxMeters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _connections;
    private long _requests;

    public SandboxMeters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Server.Kestrel"
                    && instrument.Name == "kestrel.active_connections"
                || instrument.Meter.Name == "Microsoft.AspNetCore.Hosting"
                    && instrument.Name == "http.server.active_requests")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (value <= 0)
                return;
            if (instrument.Name == "kestrel.active_connections")
                Interlocked.Add(ref _connections, value);
            else
                Interlocked.Add(ref _requests, value);
        });
        _listener.Start();
    }

    public long ConnectionsAccepted => Interlocked.Read(ref _connections);

    public long RequestsStarted => Interlocked.Read(ref _requests);

    public void Dispose() => _listener.Dispose();
}

/// <summary>A SocketsHttpHandler that counts the TCP connections it opens.</summary>
public static class CountingSockets
{
    public static SocketsHttpHandler Create(Action onConnect) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            onConnect();
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    };
}

public sealed class CountingHandler : DelegatingHandler
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return base.SendAsync(request, cancellationToken);
    }
}

public static class Stats
{
    /// <summary>Nearest-rank percentile of milliseconds.</summary>
    public static double Percentile(IReadOnlyList<double> sortedMs, double p)
    {
        if (sortedMs.Count == 0)
            return double.NaN;
        var rank = (int)Math.Ceiling(p / 100.0 * sortedMs.Count);
        return sortedMs[Math.Clamp(rank - 1, 0, sortedMs.Count - 1)];
    }

    public static double Ms(long startTimestamp, long endTimestamp) =>
        Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMilliseconds;

    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]} (1/5/15 min)";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static void PrintMachine(string what)
    {
        Console.WriteLine(
            $"[{what}] {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z  cores={Environment.ProcessorCount}  load average " +
            $"{LoadAverage()}  .NET {Environment.Version}  ServerGC={System.Runtime.GCSettings.IsServerGC}");
    }
}
