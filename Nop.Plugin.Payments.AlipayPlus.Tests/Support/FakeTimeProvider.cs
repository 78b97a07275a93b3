namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>A clock the test sets by hand.</summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    public FakeTimeProvider(DateTimeOffset now)
    {
        Now = now;
    }

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
