using WooshPay.Sandbox.Model;

namespace WooshPay.Sandbox.Services;

/// <summary>
/// Expires unpaid cashiers and sessions even when nobody looks at them, so the
/// payment_intent.canceled / checkout.session.expired webhooks go out on time.
/// </summary>
public sealed class ExpirySweeper : BackgroundService
{
    private readonly SandboxRuntime _sandbox;
    private readonly ILogger<ExpirySweeper> _log;

    public ExpirySweeper(SandboxRuntime sandbox, ILogger<ExpirySweeper> log)
    {
        _sandbox = sandbox;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = _sandbox.Options.ExpirySweepInterval > TimeSpan.Zero
            ? _sandbox.Options.ExpirySweepInterval
            : TimeSpan.FromSeconds(1);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Sweep();
                }
                catch (Exception e)
                {
                    _log.LogError(e, "Expiry sweep failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Host shutting down.
        }
    }

    public void Sweep()
    {
        var state = _sandbox.State;
        foreach (var session in state.CheckoutSessions.Values.Where(s => s.Status == "open"))
            _sandbox.Sessions.ExpireIfDue(state, session);
        foreach (var pi in state.PaymentIntents.Values.Where(p => p.Status == IntentStatus.RequiresAction))
            _sandbox.Intents.ExpireIfDue(state, pi);
    }
}
