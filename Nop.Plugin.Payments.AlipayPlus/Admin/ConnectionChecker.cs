using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

namespace Nop.Plugin.Payments.AlipayPlus.Admin;

public class ConnectionChecker : IConnectionChecker
{
    private readonly IWooshPayClient _client;

    public ConnectionChecker(IWooshPayClient client)
    {
        _client = client;
    }

    public async Task<ConnectionCheckResult> CheckAsync(AlipayPlusSettings settings,
        CancellationToken cancellationToken = default)
    {
        if (!settings.IsConfigured())
            return new ConnectionCheckResult(false,
                "No secret key is saved yet. Enter the key from your WooshPay dashboard and save.");

        WooshPayAccount account;
        try
        {
            account = settings.ToWooshPayAccount();
        }
        catch (ArgumentException exception)
        {
            return new ConnectionCheckResult(false, $"The settings cannot be used: {exception.Message}");
        }

        var mode = account.IsLiveKey ? "live" : "test";
        if (!account.KeyMatchesEnvironment)
            return new ConnectionCheckResult(false,
                $"The key {account.MaskedSecretKey} is a {mode} key but the " +
                $"{(account.UseTestEnvironment ? "test" : "live")} environment is selected. Use a sk_test_ key with " +
                "the test environment and a sk_live_ key without it.");

        try
        {
            // Listing webhook endpoints is a read that every valid key may do and that changes nothing.
            await _client.ListWebhookEndpointsAsync(account, new ListOptions { Limit = 1 }, cancellationToken);
        }
        catch (WooshPayException exception) when (exception.IsAuthenticationError)
        {
            return new ConnectionCheckResult(false, $"WooshPay at {account.BaseAddress} rejected the key " +
                $"{account.MaskedSecretKey}: it is wrong, revoked, or for the other mode.");
        }
        catch (WooshPayException exception)
        {
            return new ConnectionCheckResult(false,
                $"WooshPay at {account.BaseAddress} could not be reached or refused the request: {exception.Message}");
        }

        return new ConnectionCheckResult(true, $"Connected to WooshPay at {account.BaseAddress} with a {mode} key " +
            $"({account.MaskedSecretKey})." +
            $"{(account.IsLiveKey ? " Real payments will be taken." : " No money moves in test mode.")}");
    }
}
