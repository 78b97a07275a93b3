using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Services.Configuration;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.AlipayPlus.Checkout;

public class ReturnTokenService : IReturnTokenService
{
    /// <summary>
    /// How long a return URL works. It is written when an attempt opens, and a Checkout Session stays payable for
    /// 24 hours, so the shopper may come back with it that late.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    /// <summary>nopCommerce's key of <see cref="AlipayPlusSettings.ReturnTokenSecret"/>,
    /// read and written for one store only.</summary>
    public const string SecretSettingKey = nameof(AlipayPlusSettings) + "." +
        nameof(AlipayPlusSettings.ReturnTokenSecret);

    private readonly ClaimStore _claims;
    private readonly ILogger _logger;
    private readonly ISettingService _settingService;
    private readonly TimeProvider _timeProvider;

    public ReturnTokenService(ClaimStore claims, ILogger logger, ISettingService settingService,
        TimeProvider timeProvider)
    {
        _claims = claims;
        _logger = logger;
        _settingService = settingService;
        _timeProvider = timeProvider;
    }

    public async Task<string> IssueAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);

        var secret = await ReadSecretAsync(order.StoreId) ?? await CreateSecretAsync(order.StoreId);
        if (secret is null)
        {
            await _logger.WarningAsync(
                $"Alipay+: the return URL of order {order.Id} has no token (store {order.StoreId}'s return-page " +
                "secret is being created by another server); only the shopper's own browser can open it.");
            return null;
        }

        return new ReturnToken(order.Id, order.StoreId, _timeProvider.GetUtcNow() + Lifetime).Sign(secret);
    }

    public async Task<ReturnToken> ReadAsync(string token, int storeId)
    {
        if (string.IsNullOrEmpty(token) || token.Length > ReturnToken.MaxLength)
            return null;

        var secret = await ReadSecretAsync(storeId);
        var read = ReturnToken.Read(token, secret, _timeProvider.GetUtcNow());
        return read?.StoreId == storeId ? read : null;
    }

    /// <summary>
    /// The store's own secret. A value nopCommerce would hand down from the all-stores settings does not count: each
    /// store signs with a secret of its own, so a token of one store is worth nothing in another.
    /// </summary>
    private async Task<byte[]> ReadSecretAsync(int storeId)
    {
        return Decode(await _settingService.GetSettingByKeyAsync<string>(SecretSettingKey, storeId: storeId,
            loadSharedValueIfNotFound: false));
    }

    /// <summary>
    /// Creates the store's secret once, whichever server's checkout needs it first: two servers each writing their
    /// own would leave the tokens of one of them unreadable.
    /// </summary>
    private async Task<byte[]> CreateSecretAsync(int storeId)
    {
        var key = ClaimKeys.ReturnTokenSecret(storeId);
        // A completed claim whose secret is gone was an earlier install's (uninstall deletes the settings and keeps
        // the plugin's tables): the next link of the chain is claimed, so a reinstall gets a secret too.
        for (var link = 0; link < 8; link++)
        {
            var claim = await _claims.TryClaimAsync(key, 0, storeId);
            if (claim.IsMine)
            {
                // A taken-over claim may have saved its secret before its holder died: that one stands.
                if (claim.State != ClaimState.TakenOver || await ReadSecretFreshAsync(storeId) is null)
                {
                    await _settingService.SetSettingAsync(SecretSettingKey,
                        Convert.ToBase64String(ReturnToken.NewSecret()), storeId);
                }

                await _claims.CompleteAsync(claim.Claim);
                return await ReadSecretFreshAsync(storeId);
            }

            if (claim.State == ClaimState.Held || claim.Claim is null)
                return await AwaitOtherServerAsync(storeId);

            if (await ReadSecretFreshAsync(storeId) is { } created)
                return created;

            key = $"{ClaimKeys.ReturnTokenSecret(storeId)}#after:{claim.Claim.Id}";
        }

        return null;
    }

    // The holder is between its insert and its save, a matter of milliseconds unless it died (then a later checkout
    // takes its claim over after the lease).
    private async Task<byte[]> AwaitOtherServerAsync(int storeId)
    {
        for (var look = 0; look < 5; look++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _timeProvider);
            if (await ReadSecretFreshAsync(storeId) is { } created)
                return created;
        }

        return null;
    }

    // Settings are cached (in a farm, per node or in the distributed cache): a secret another server saved is only
    // seen after the cache is dropped.
    private async Task<byte[]> ReadSecretFreshAsync(int storeId)
    {
        await _settingService.ClearCacheAsync();
        return await ReadSecretAsync(storeId);
    }

    private static byte[] Decode(string stored)
    {
        if (string.IsNullOrEmpty(stored))
            return null;

        var bytes = new byte[ReturnToken.SecretBytes];
        return Convert.TryFromBase64String(stored, bytes, out var written) && written == ReturnToken.SecretBytes
            ? bytes
            : null;
    }
}
