using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.AlipayPlus.Checkout;
using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Checkout;

[TestFixture]
public class ReturnTokenServiceTests
{
    private const string SecretKey = "alipayplussettings.returntokensecret";

    private FakeTimeProvider _clock;
    private ShopWorld _world;
    private IReturnTokenService _tokens;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        _world = new ShopWorld(services => services.AddSingleton<TimeProvider>(_clock));
        _tokens = _world.Get<IReturnTokenService>();
    }

    [TearDown]
    public void TearDown() => _world.Dispose();

    [Test]
    public async Task A_token_issued_for_an_order_is_read_back_in_its_store()
    {
        var order = _world.PlaceOrder(storeId: 1);

        var token = await _tokens.IssueAsync(order);

        var read = await _tokens.ReadAsync(token, 1);
        Assert.That((read?.OrderId, read?.StoreId), Is.EqualTo((order.Id, 1)));
        Assert.That(read!.ExpiresOn, Is.EqualTo(_clock.GetUtcNow() + ReturnTokenService.Lifetime));
    }

    [Test]
    public async Task A_token_is_refused_once_its_lifetime_is_over()
    {
        var token = await _tokens.IssueAsync(_world.PlaceOrder());

        _clock.Advance(ReturnTokenService.Lifetime - TimeSpan.FromSeconds(1));
        Assert.That(await _tokens.ReadAsync(token, 1), Is.Not.Null);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await _tokens.ReadAsync(token, 1), Is.Null);
    }

    [Test]
    public async Task The_store_secret_is_generated_once_stored_as_a_setting_of_that_store_and_reused()
    {
        var first = await _tokens.IssueAsync(_world.PlaceOrder(storeId: 1));
        var second = await _tokens.IssueAsync(_world.PlaceOrder(storeId: 1));

        Assert.That(_world.StoredSettings.Keys, Is.EquivalentTo(new[] { (SecretKey, 1) }));
        Assert.That(Convert.FromBase64String(_world.StoredSettings[(SecretKey, 1)]), Has.Length.EqualTo(32));
        _world.SettingService.Verify(s => s.SetSettingAsync(SecretKey, It.IsAny<string>(), 1, It.IsAny<bool>()),
            Times.Never, "written under nopCommerce's own spelling of the key");
        _world.SettingService.Verify(s => s.SetSettingAsync(ReturnTokenService.SecretSettingKey, It.IsAny<string>(), 1,
            It.IsAny<bool>()), Times.Once);
        Assert.That(await _tokens.ReadAsync(first, 1), Is.Not.Null);
        Assert.That(await _tokens.ReadAsync(second, 1), Is.Not.Null);
    }

    [Test]
    public async Task Each_store_gets_its_own_secret_and_a_token_of_one_store_is_refused_by_another()
    {
        var ofStore1 = await _tokens.IssueAsync(_world.PlaceOrder(storeId: 1));
        var ofStore2 = await _tokens.IssueAsync(_world.PlaceOrder(storeId: 2));

        Assert.That(_world.StoredSettings[(SecretKey, 1)], Is.Not.EqualTo(_world.StoredSettings[(SecretKey, 2)]));
        Assert.That(await _tokens.ReadAsync(ofStore1, 2), Is.Null);
        Assert.That(await _tokens.ReadAsync(ofStore2, 1), Is.Null);
    }

    [Test]
    public async Task A_token_naming_another_store_is_refused_even_where_the_secrets_are_the_same()
    {
        // Two stores given one secret by hand (a copied database, say): the store inside the token still decides.
        var secret = Convert.ToBase64String(ReturnToken.NewSecret());
        _world.StoredSettings[(SecretKey, 1)] = secret;
        _world.StoredSettings[(SecretKey, 2)] = secret;

        var ofStore2 = await _tokens.IssueAsync(_world.PlaceOrder(storeId: 2));

        Assert.That(await _tokens.ReadAsync(ofStore2, 2), Is.Not.Null);
        Assert.That(await _tokens.ReadAsync(ofStore2, 1), Is.Null);
    }

    [Test]
    public async Task A_store_without_a_secret_of_its_own_accepts_no_token_and_reading_creates_none()
    {
        // The all-stores value (store 0) is not a store's own secret.
        _world.StoredSettings[(SecretKey, 0)] = Convert.ToBase64String(ReturnToken.NewSecret());
        var forged = new ReturnToken(5, 3, _clock.GetUtcNow() + TimeSpan.FromHours(1))
            .Sign(Convert.FromBase64String(_world.StoredSettings[(SecretKey, 0)]));

        Assert.That(await _tokens.ReadAsync(forged, 3), Is.Null);
        Assert.That(_world.StoredSettings.Keys, Is.EquivalentTo(new[] { (SecretKey, 0) }));
    }

    [Test]
    public async Task A_secret_deleted_by_an_uninstall_is_created_again_after_the_reinstall()
    {
        var before = await _tokens.IssueAsync(_world.PlaceOrder(storeId: 1));
        _world.StoredSettings.Clear(); // uninstall deletes the settings; the claims table stays

        var after = await _tokens.IssueAsync(_world.PlaceOrder(storeId: 1));

        Assert.That(after, Is.Not.Null);
        Assert.That(await _tokens.ReadAsync(after, 1), Is.Not.Null);
        Assert.That(await _tokens.ReadAsync(before, 1), Is.Null, "the old secret is gone with its settings");
    }

    [Test]
    public async Task
        While_another_server_is_creating_the_secret_the_url_goes_without_a_token_rather_than_with_a_wrong_one()
    {
        await _world.Claims.InsertAsync(new AlipayPlusClaim
        {
            ClaimKey = ClaimKeys.ReturnTokenSecret(1), OrderId = 0, SubjectId = 1,
            ClaimedOnUtc = _clock.GetUtcNow().UtcDateTime
        });

        var issuing = _tokens.IssueAsync(_world.PlaceOrder(storeId: 1));
        await Task.Delay(50);
        Assert.That(issuing.IsCompleted, Is.False, "the issuer waits on the clock for the holder to save its secret");

        // The test lets that time pass.
        for (var step = 0; step < 1000 && !issuing.IsCompleted; step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        Assert.That(issuing.IsCompleted, Is.True, "the issuer gives up waiting for the holder");
        Assert.That(await issuing, Is.Null);
        Assert.That(_world.StoredSettings, Is.Empty, "nothing written beside the holder's secret");
    }
}
