using System.Text;
using BenchmarkDotNet.Attributes;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using WooshPay.Sandbox.Webhooks;

namespace AlipayPlus.Benchmarks.Micro;

/// <summary>
/// 1. One webhook delivery from raw bytes to a usable event: ours (verify + parse, and + the typed intent
/// the handler reads) against Stripe.net's EventUtility.ConstructEvent on the same body, secret and
/// "t=...,v1=..." header. ASP.NET hands a controller bytes; Stripe wants a string, so it is measured both
/// from the bytes (decode included, what a Stripe webhook controller does) and from a ready string.
/// </summary>
[MemoryDiagnoser]
public class WebhookBenchmarks
{
    // Long enough that a benchmark process started minutes after setup still verifies (both libraries).
    private static readonly TimeSpan Tolerance = TimeSpan.FromDays(1);

    private readonly WebhookSignatureVerifier _verifier = new();
    private byte[] _body;
    private string _bodyText;
    private string _header;

    [GlobalSetup]
    public void Setup()
    {
        _bodyText = Payloads.SucceededEvent;
        _body = Encoding.UTF8.GetBytes(_bodyText);
        _header = WebhookSigner.Header(Payloads.WebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _body);

        // Both must accept the delivery, or the comparison measures a rejection path.
        if (!_verifier.Verify(_body, _header, Payloads.WebhookSecret, Tolerance).IsValid)
            throw new InvalidOperationException("our verifier rejects the benchmark delivery");
        if (Stripe_ConstructEvent_FromBytes().Id != "evt_1646355299914461184")
            throw new InvalidOperationException("Stripe.net does not read the benchmark delivery");
        if (Ours_VerifyParse_TypedIntent().Status != "succeeded")
            throw new InvalidOperationException("our parser does not read the benchmark delivery");
    }

    [Benchmark(Baseline = true, Description = "Stripe.net ConstructEvent (bytes -> string -> Event)")]
    public Stripe.Event Stripe_ConstructEvent_FromBytes()
    {
        var json = Encoding.UTF8.GetString(_body);
        return Stripe.EventUtility.ConstructEvent(json, _header, Payloads.WebhookSecret, (long)Tolerance.TotalSeconds,
            throwOnApiVersionMismatch: false);
    }

    [Benchmark(Description = "Stripe.net ConstructEvent (string given)")]
    public Stripe.Event Stripe_ConstructEvent_FromString() =>
        Stripe.EventUtility.ConstructEvent(_bodyText, _header, Payloads.WebhookSecret, (long)Tolerance.TotalSeconds,
            throwOnApiVersionMismatch: false);

    [Benchmark(Description = "Ours Verify + Parse (bytes -> WebhookEvent)")]
    public WebhookEvent Ours_VerifyParse()
    {
        var result = _verifier.Verify(_body, _header, Payloads.WebhookSecret, Tolerance);
        if (!result.IsValid)
            throw new InvalidOperationException(result.Reason);
        return WebhookEventParser.Parse(_body);
    }

    [Benchmark(Description = "Ours Verify + Parse + GetDataObject<PaymentIntent>")]
    public PaymentIntent Ours_VerifyParse_TypedIntent() => Ours_VerifyParse().GetDataObject<PaymentIntent>();

    [Benchmark(Description = "Ours Parse only")]
    public WebhookEvent Ours_ParseOnly() => WebhookEventParser.Parse(_body);

    [Benchmark(Description = "Ours Verify only")]
    public bool Ours_VerifyOnly() => _verifier.Verify(_body, _header, Payloads.WebhookSecret, Tolerance).IsValid;

    [Benchmark(Description = "Stripe.net ValidateSignature only")]
    public void Stripe_ValidateSignatureOnly() =>
        Stripe.EventUtility.ValidateSignature(_bodyText, _header, Payloads.WebhookSecret, (long)Tolerance.TotalSeconds);
}
