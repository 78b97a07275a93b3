using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using WooshPay.Sandbox.Core;
using WooshPay.Sandbox.Faults;
using WooshPay.Sandbox.Model;

namespace WooshPay.Sandbox.Webhooks;

/// <summary>
/// Background worker that POSTs events to endpoints. API threads only enqueue; sending, retries
/// with exponential back-off and the webhook faults (drop, duplicate, delay, reorder) happen here.
/// </summary>
public sealed class WebhookDispatcher : BackgroundService
{
    /// <summary>How long a reordered delivery waits for a successor before it goes out anyway.</summary>
    private static readonly TimeSpan ReorderHoldLimit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(12);

    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>();
    private readonly SemaphoreSlim _slots = new(16);
    private readonly object _holdSync = new();
    private readonly SandboxOptions _options;
    private readonly FaultInjector _faults;
    private readonly HttpClient _http;
    private readonly ILogger _log;
    private Work? _held;

    private sealed record Work(SandboxState State, WebhookDelivery Delivery, int Generation);

    public WebhookDispatcher(SandboxOptions options, FaultInjector faults, ILogger log)
    {
        _options = options;
        _faults = faults;
        _log = log;
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1), UseProxy = false, AllowAutoRedirect = false
        })
        {
            Timeout = options.WebhookTimeout,
        };
    }

    public void Submit(SandboxState state, WebhookDelivery delivery, WebhookFaultDecision fault)
    {
        lock (delivery.Sync)
        {
            delivery.Duplicated = fault.Duplicate;
            delivery.DelayedMs = fault.DelayMs;
            delivery.Reordered = fault.Reorder;
        }

        if (fault.Drop)
        {
            Finish(delivery, "dropped");
            return;
        }

        var work = new Work(state, delivery, 0);
        if (fault.DelayMs > 0)
        {
            Later.Run(TimeSpan.FromMilliseconds(fault.DelayMs), state, () => Route(work, fault.Reorder));
            return;
        }

        Route(work, fault.Reorder);
    }

    /// <summary>Sends again now, whatever state the delivery reached; stale scheduled retries are ignored.</summary>
    public void Resend(SandboxState state, WebhookDelivery delivery)
    {
        int generation;
        lock (delivery.Sync)
        {
            if (delivery.State != "pending") delivery.Event.AddPending(1);
            delivery.Generation++;
            generation = delivery.Generation;
            delivery.State = "pending";
            delivery.NextAttemptAt = null;
        }

        _queue.Writer.TryWrite(new Work(state, delivery, generation));
    }

    private void Route(Work work, bool reorder)
    {
        lock (_holdSync)
        {
            if (reorder && _held is null)
            {
                _held = work;
                Later.Run(ReorderHoldLimit, work.State, () => ReleaseHeld(work));
                return;
            }

            _queue.Writer.TryWrite(work);
            if (_held is not null)
            {
                _queue.Writer.TryWrite(_held);
                _held = null;
            }
        }
    }

    private void ReleaseHeld(Work work)
    {
        lock (_holdSync)
        {
            if (!ReferenceEquals(_held, work)) return;
            _held = null;
            _queue.Writer.TryWrite(work);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (work.State.IsDiscarded) continue;
                await _slots.WaitAsync(stoppingToken);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await Attempt(work, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        _log.LogError(e, "Webhook attempt crashed for {Delivery}", work.Delivery.Id);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Host shutting down.
        }
    }

    private async Task Attempt(Work work, CancellationToken stoppingToken)
    {
        var d = work.Delivery;
        int attempt;
        lock (d.Sync)
        {
            if (d.State != "pending" || d.Generation != work.Generation) return;
            d.Attempts++;
            attempt = d.Attempts;
            d.NextAttemptAt = null;
        }

        if (d.Endpoint.Deleted)
        {
            lock (d.Sync) d.LastError = "endpoint deleted";
            Finish(d, "failed");
            return;
        }

        var body = Encoding.UTF8.GetBytes(SandboxJson.Serialize(d.Event.Snapshot()));
        var signature = WebhookSigner.Header(d.Endpoint.Secret, SignedAt(d), body);
        var (status, error) = await Post(d.Endpoint, body, signature, stoppingToken);
        bool duplicate;
        lock (d.Sync) duplicate = d.Duplicated && attempt == 1 && work.Generation == 0;
        if (duplicate)
        {
            var (status2, error2) = await Post(d.Endpoint, body, signature, stoppingToken);
            if (status is null or < 200 or >= 300) (status, error) = (status2, error2);
        }

        var success = status is >= 200 and < 300;
        TimeSpan? retryIn = null;
        lock (d.Sync)
        {
            if (d.Generation != work.Generation) return;
            d.LastStatusCode = status;
            d.LastError = error;
            d.LastAttemptAt = Clock.NowMs;
            if (!success && d.Attempts < _options.WebhookMaxAttempts)
            {
                retryIn = Backoff(d.Attempts);
                d.NextAttemptAt = Clock.NowMs + (long)retryIn.Value.TotalMilliseconds;
            }
        }

        if (success)
        {
            lock (d.Sync) d.DeliveredAt = Clock.NowMs;
            Finish(d, "delivered");
        }
        else if (retryIn is { } delay)
        {
            Later.Run(delay, work.State, () => _queue.Writer.TryWrite(work));
        }
        else
        {
            Finish(d, "failed");
        }
    }

    /// <summary>
    /// The <c>t=</c> of this attempt. WooshPay's docs do not say whether a retry is signed anew
    /// (Stripe's way, the default here) or carries the first attempt's timestamp, which a receiver
    /// with a 300 s tolerance would reject hours later; <see cref="FaultSettings.WebhookRetryTimestamp"/>
    /// picks one so receivers can be tested against both.
    /// </summary>
    private long SignedAt(WebhookDelivery d)
    {
        var settings = _faults.For(d.Endpoint.Account.SecretKey);
        lock (d.Sync)
        {
            var t = settings.WebhookRetryTimestamp == WebhookTimestamps.Original && d.FirstSignedAt is { } first
                ? first
                : Clock.NowSeconds + settings.WebhookTimestampOffsetSeconds;
            d.FirstSignedAt ??= t;
            d.LastSignedAt = t;
            return t;
        }
    }

    private async Task<(int? Status, string? Error)> Post(WebhookEndpoint endpoint, byte[] body, string signature,
        CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation(WebhookSigner.HeaderName, signature);
            request.Headers.UserAgent.ParseAdd("WooshPay-Sandbox/1.0 (+webhooks)");
            using var response = await _http.SendAsync(request, ct);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : response.ReasonPhrase);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return (null, e.GetType().Name + ": " + e.Message);
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var delay = TimeSpan.FromMilliseconds(_options.WebhookRetryBaseDelay.TotalMilliseconds * factor);
        return delay > MaxBackoff ? MaxBackoff : delay;
    }

    private static void Finish(WebhookDelivery d, string state)
    {
        lock (d.Sync)
        {
            if (d.State != "pending") return;
            d.State = state;
            d.NextAttemptAt = null;
        }

        d.Event.AddPending(-1);
    }

    public override void Dispose()
    {
        base.Dispose();
        _http.Dispose();
    }
}
