using Moq;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Models.Admin;
using Nop.Plugin.Payments.AlipayPlus.Validators;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Localization;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Admin;

public class ConfigurationModelValidatorTests
{
    private ConfigurationModelValidator _validator;

    [SetUp]
    public void SetUp()
    {
        var localization = new Mock<ILocalizationService>();
        localization.Setup(l => l.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => key);
        _validator = new ConfigurationModelValidator(localization.Object);
    }

    private static ConfigurationModel Valid() => new() { UseTestEnvironment = true, WebhookToleranceSeconds = 300 };

    [Test]
    public void Valid_settings_pass_and_an_empty_key_keeps_the_stored_one()
    {
        Assert.That(_validator.Validate(Valid()).IsValid, Is.True);
        Assert.That(_validator.Validate(Valid() with { SecretKey = "sk_test_abc" }).IsValid, Is.True);
        Assert.That(_validator.Validate(Valid() with { SecretKey = "sk_live_abc", UseTestEnvironment = false }).IsValid,
            Is.True);
        Assert.That(_validator.Validate(Valid() with { ApiBaseUrl = "http://127.0.0.1:12111" }).IsValid, Is.True);
    }

    [TestCase("pk_test_abc", "Fields.SecretKey.Invalid")]
    [TestCase("abc", "Fields.SecretKey.Invalid")]
    public void A_key_that_is_not_a_secret_key_is_refused(string key, string message)
    {
        var result = _validator.Validate(Valid() with { SecretKey = key });

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Has.Some.EndsWith(message));
    }

    [Test]
    public void A_key_of_the_other_mode_is_refused()
    {
        Assert.That(_validator.Validate(Valid() with { SecretKey = "sk_live_abc", UseTestEnvironment = true })
            .Errors.Select(e => e.ErrorMessage),
            Has.Some.EndsWith("Fields.SecretKey.Mode"));
        Assert.That(_validator.Validate(Valid() with { SecretKey = "sk_test_abc", UseTestEnvironment = false })
            .Errors.Select(e => e.ErrorMessage),
            Has.Some.EndsWith("Fields.SecretKey.Mode"));
    }

    [TestCase("not a url")]
    [TestCase("ftp://sandbox")]
    [TestCase("https://user:pw@sandbox.example")]
    [TestCase("https://sandbox.example/?x=1")]
    [TestCase("https://sandbox.example/#x")]
    public void A_bad_api_base_url_is_refused(string url)
    {
        Assert.That(_validator.Validate(Valid() with { ApiBaseUrl = url }).Errors.Select(e => e.PropertyName),
            Does.Contain(nameof(ConfigurationModel.ApiBaseUrl)));
        // The page refuses exactly what the client would refuse at checkout.
        Assert.Throws<ArgumentException>(() => _ = new WooshPayAccount("sk_test_abc", true, url));
    }

    [Test]
    public void A_terminal_type_WooshPay_does_not_know_is_refused()
    {
        Assert.That(_validator.Validate(Valid() with { TerminalType = "KIOSK" }).Errors.Select(e => e.ErrorMessage),
            Has.Some.EndsWith("Fields.TerminalType.Invalid"));
        Assert.That(_validator.Validate(Valid() with { TerminalType = "WAP" }).IsValid, Is.True);
    }

    [Test]
    public void A_negative_fee_and_an_unreasonable_tolerance_are_refused()
    {
        var result = _validator.Validate(Valid() with { AdditionalFee = -1, WebhookToleranceSeconds = 5 });

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.SupersetOf(
            new[] { nameof(ConfigurationModel.AdditionalFee), nameof(ConfigurationModel.WebhookToleranceSeconds) }));
    }

    [TestCase(-1, false)]
    [TestCase(0, true)]
    [TestCase(60, true)]
    [TestCase(10080, true)]
    [TestCase(10081, false)]
    public void Cancel_unpaid_orders_after_takes_0_to_a_week_of_minutes(int minutes, bool valid)
    {
        var result = _validator.Validate(Valid() with { CancelUnpaidOrdersAfterMinutes = minutes });

        Assert.That(result.IsValid, Is.EqualTo(valid));
        if (!valid)
            Assert.That(result.Errors.Select(e => e.ErrorMessage), Does.Contain(
                AlipayPlusDefaults.LocaleResourcePrefix + "Fields.CancelUnpaidOrdersAfterMinutes.Invalid"));
    }

    [Test]
    public void An_API_base_URL_is_refused_in_live_mode()
    {
        var result = _validator.Validate(Valid() with { SecretKey = "sk_live_abc", UseTestEnvironment = false,
            ApiBaseUrl = "https://collector.example/" });

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.PropertyName), Has.Some.EqualTo("ApiBaseUrl"));
    }
}
