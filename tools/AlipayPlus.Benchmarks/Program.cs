using System.Globalization;
using AlipayPlus.Benchmarks.Load;
using AlipayPlus.Benchmarks.Micro;
using AlipayPlus.Benchmarks.Shop;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AlipayPlus.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tools/AlipayPlus.Benchmarks -- &lt;what&gt;
///   all                              the two BenchmarkDotNet suites (short job, in-process), then the three load runs
///   webhook | create                 one BenchmarkDotNet suite (short job)
///   --filter *Webhook* [BDN options] BenchmarkDotNet's own command line, passed through
///   --load checkout [N] [C]          N checkouts (default 2000) at concurrency C (default 1) vs raw POSTs
///   --load webhooks [N] [C]          N events (default 2000) at concurrency 1 and 32, or at C alone
///   --nodes K                        with --load webhooks: K shops of one store share the database and orders
///                                    (default 1)
///   --load reconciliation [S...]     S unsettled attempts (default 10 1000 10000)
///   --probe [N]                      stopwatch loop over the create benchmarks (a check on BenchmarkDotNet's figures)
///   --db list|sqlite|postgres:&lt;cs&gt;   after any of the above: where the load runs keep the plugin's tables
///                                    (default sqlite)
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var db = Array.IndexOf(args, "--db");
        if (db >= 0)
        {
            if (db + 1 >= args.Length)
                throw new ArgumentException("--db needs list, sqlite or postgres:<connection string>");
            BenchDatabase.DefaultSpec = args[db + 1];
            args = [.. args[..db], .. args[(db + 2)..]];
        }

        var nodes = Array.IndexOf(args, "--nodes");
        if (nodes >= 0)
        {
            if (nodes + 1 >= args.Length)
                throw new ArgumentException("--nodes needs a count");
            Nodes = int.Parse(args[nodes + 1], CultureInfo.InvariantCulture);
            args = [.. args[..nodes], .. args[(nodes + 2)..]];
        }

        if (args.Length == 0)
        {
            Console.WriteLine("usage: all | webhook | create | --load checkout [N] [C] | --load webhooks [N] | " +
                "--load reconciliation [S...] | BenchmarkDotNet options (--filter ...) [--db " +
                "list|sqlite|postgres:<connection string>]");
            return 2;
        }

        if (args[0] == "--probe")
        {
            await Probe.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
            return 0;
        }

        if (args[0] == "--load")
            return await LoadAsync(args.Skip(1).ToArray());

        switch (args[0].ToLowerInvariant())
        {
            case "all":
                RunMicro(typeof(WebhookBenchmarks), typeof(CreatePaymentIntentBenchmarks));
                var exit = await CheckoutLoad.RunAsync(2000, 1);
                exit |= await CheckoutLoad.RunAsync(2000, 16);
                exit |= await WebhookLoad.RunAsync(2000, [1, 32]);
                exit |= await ReconciliationLoad.RunAsync([10, 1000, 10000]);
                return exit;
            case "webhook":
                RunMicro(typeof(WebhookBenchmarks));
                return 0;
            case "create":
                RunMicro(typeof(CreatePaymentIntentBenchmarks));
                return 0;
            default:
                // BenchmarkDotNet's command line (--filter, --job, --list...); a bare pattern is taken as a filter.
                var bdnArgs = args[0].StartsWith('-') ? args : ["--filter", .. args];
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(bdnArgs, ShortConfig());
                return 0;
        }
    }

    /// <summary>--nodes N: the webhook run's shops of one store sharing its database (default 1).</summary>
    private static int Nodes { get; set; } = 1;

    private static async Task<int> LoadAsync(string[] args)
    {
        int Arg(int index, int fallback) =>
            args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
        return args.FirstOrDefault() switch
        {
            "checkout" => await CheckoutLoad.RunAsync(Arg(1, 2000), Arg(2, 1)),
            "webhooks" => await WebhookLoad.RunAsync(Arg(1, 2000), args.Length > 2 ? [Arg(2, 32)] : [1, 32], Nodes),
            "reconciliation" => await ReconciliationLoad.RunAsync(
                args.Length > 1 ? args.Skip(1).Select(int.Parse).ToArray() : [10, 1000, 10000]),
            _ => throw new ArgumentException("--load checkout|webhooks|reconciliation")
        };
    }

    private static void RunMicro(params Type[] types)
    {
        foreach (var type in types)
            BenchmarkRunner.Run(type, ShortConfig());
    }

    /// <summary>ShortRun (3 warm-ups, 3 iterations), allocations, and the ratio to Stripe.net (the baseline).</summary>
    private static IConfig ShortConfig() => DefaultConfig.Instance
        // In-process: no per-run rebuild of the plugin and its references (minutes on a 2-core machine).
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
        .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
        .HideColumns(Column.Error)
        .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
}

/// <summary>Stopwatch loops over the micro benchmarks' methods: a sanity check of BenchmarkDotNet's figures.</summary>
internal static class Probe
{
    public static async Task RunAsync(int n)
    {
        var create = new CreatePaymentIntentBenchmarks();
        create.Setup();
        foreach (var (name, call) in new (string, Func<Task>)[]
        {
            ("stripe create", () => create.Stripe_CreateAsync()),
            ("ours pipeline", () => create.Ours_AddWooshPayClient()),
            ("ours factory only", () => create.Ours_FactoryWithoutPipeline()),
            ("ours direct", () => create.Ours_Direct()),
        })
        {
            for (var i = 0; i < 200; i++)
                await call();
            var times = new List<double>(n);
            for (var i = 0; i < n; i++)
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                await call();
                times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
            times.Sort();
            Console.WriteLine(
                $"{name,-20} p50 {times[n / 2],8:F1} us  p10 {times[n / 10],8:F1} us  mean {times.Average(),8:F1} us");
        }
    }
}
