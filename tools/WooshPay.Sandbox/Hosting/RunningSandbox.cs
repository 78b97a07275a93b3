using System.Net.Http.Headers;
using System.Text;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Faults;

namespace WooshPay.Sandbox;

/// <summary>A sandbox started by <see cref="SandboxServer.StartAsync"/>.
/// Dispose to stop it and free the port.</summary>
public sealed class RunningSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningSandbox(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Runtime = app.Services.GetRequiredService<SandboxRuntime>();
    }

    /// <summary>Where it listens, with the real port (e.g. http://127.0.0.1:41234/).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The runtime: options, state, faults and services, for in-process inspection.</summary>
    public SandboxRuntime Runtime { get; }

    public SandboxOptions Options => Runtime.Options;

    /// <summary>The current state (replaced by <see cref="Reset"/>).</summary>
    public SandboxState State => Runtime.State;

    /// <summary>Live fault settings; same as GET/POST /_sandbox/faults.</summary>
    public FaultInjector Faults => Runtime.Faults;

    /// <summary>Same as POST /_sandbox/reset.</summary>
    public void Reset() => Runtime.Reset();

    /// <summary>
    /// A plain HttpClient aimed at the sandbox; with <paramref name="secretKey"/> it sends Basic auth
    /// the way WooshPay expects (<c>base64("sk_test_...:")</c>).
    /// </summary>
    public HttpClient CreateHttpClient(string? secretKey = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
        {
            BaseAddress = BaseAddress
        };
        if (secretKey is not null)
            client.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(secretKey + ":")));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(5));
        await _app.DisposeAsync();
    }
}
