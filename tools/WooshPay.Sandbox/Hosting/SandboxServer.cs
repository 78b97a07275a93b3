using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WooshPay.Sandbox.Admin;
using WooshPay.Sandbox.Api;
using WooshPay.Sandbox.Hosted;
using WooshPay.Sandbox.Services;

namespace WooshPay.Sandbox;

/// <summary>
/// Starts the WooshPay sandbox. Tests use <see cref="StartAsync"/> (in-process, real socket);
/// the command line uses <see cref="RunAsync"/>. Both build the same application.
/// </summary>
public static class SandboxServer
{
    /// <summary>Where the command line listens without --urls
    /// (stripe-mock's habit of a fixed port, here 12111).</summary>
    public const string DefaultUrl = "http://127.0.0.1:12111";

    /// <summary>
    /// Starts a sandbox on <paramref name="url"/> (port 0 = any free port) and returns once it listens.
    /// Options are used as given; appsettings.json and the command line are not read.
    /// </summary>
    public static async Task<RunningSandbox> StartAsync(SandboxOptions? options = null,
        string url = "http://127.0.0.1:0", CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(url);

        var app = Build(builder, options ?? new SandboxOptions());
        await app.StartAsync(ct);

        var address =
            app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningSandbox(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Command-line entry: reads appsettings.json, environment and <c>--Sandbox:Name=value</c>.</summary>
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        var options = builder.Configuration.GetSection("Sandbox").Get<SandboxOptions>() ?? new SandboxOptions();
        var app = Build(builder, options);
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("WooshPay sandbox listening on {Urls}", string.Join(", ", app.Urls)));
        await app.RunAsync();
    }

    private static WebApplication Build(WebApplicationBuilder builder, SandboxOptions options)
    {
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SandboxRuntime>();
        builder.Services.AddSingleton<ApiPipeline>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SandboxRuntime>().Webhooks);
        builder.Services.AddHostedService<ExpirySweeper>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        app.UseRequestId();
        var runtime = app.Services.GetRequiredService<SandboxRuntime>();
        ApiRoutes.Map(app, runtime);
        HostedPages.Map(app);
        AdminEndpoints.Map(app);
        app.MapGet("/", () => Results.Text(
            "WooshPay sandbox: /v1 API (Basic auth with sk_test_...), hosted pages under /hosted and /checkout, " +
            "admin under /_sandbox.\n"));
        return app;
    }
}
