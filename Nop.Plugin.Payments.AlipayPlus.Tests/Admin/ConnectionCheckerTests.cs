using Moq;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Admin;

public class ConnectionCheckerTests
{
    private Mock<IWooshPayClient> _client;
    private ConnectionChecker _checker;

    [SetUp]
    public void SetUp()
    {
        _client = new Mock<IWooshPayClient>();
        _checker = new ConnectionChecker(_client.Object);
    }

    [Test]
    public async Task A_working_test_key_is_reported_as_test_and_the_key_stays_masked()
    {
        _client.Setup(c => c.ListWebhookEndpointsAsync(It.IsAny<WooshPayAccount>(), It.IsAny<ListOptions>(),
            It.IsAny<CancellationToken>()))
            .ReturnsAsync(new WooshPayList<WebhookEndpoint> { Data = new() });

        var result = await _checker.CheckAsync(
            new AlipayPlusSettings { SecretKey = "sk_test_1234567890abcdef", UseTestEnvironment = true });

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Message, Does.Contain("test key"));
        Assert.That(result.Message, Does.Not.Contain("1234567890abcdef"));
    }

    [Test]
    public async Task A_rejected_key_is_explained_in_words()
    {
        _client.Setup(c => c.ListWebhookEndpointsAsync(It.IsAny<WooshPayAccount>(), It.IsAny<ListOptions>(),
            It.IsAny<CancellationToken>()))
            .ThrowsAsync(new WooshPayException(WooshPayException.AuthenticationFailedMessage) { HttpStatus = 401 });

        var result = await _checker.CheckAsync(
            new AlipayPlusSettings { SecretKey = "sk_live_1234567890abcdef", UseTestEnvironment = false });

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Message, Does.Contain("rejected the key"));
        Assert.That(result.Message, Does.Not.Contain("1234567890abcdef"));
    }

    [Test]
    public async Task A_key_of_the_other_mode_is_reported_without_calling_wooshpay()
    {
        var result = await _checker.CheckAsync(
            new AlipayPlusSettings { SecretKey = "sk_live_1234567890abcdef", UseTestEnvironment = true });

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Message, Does.Contain("live key"));
        _client.VerifyNoOtherCalls();
    }

    [Test]
    public async Task No_key_is_reported_without_calling_wooshpay()
    {
        var result = await _checker.CheckAsync(new AlipayPlusSettings());

        Assert.That(result.Succeeded, Is.False);
        _client.VerifyNoOtherCalls();
    }
}
