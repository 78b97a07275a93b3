using FluentValidation;
using Nop.Plugin.Payments.AlipayPlus.Models;
using Nop.Services.Localization;
using Nop.Web.Framework.Validators;

namespace Nop.Plugin.Payments.AlipayPlus.Validators;

/// <summary>
/// Refuses settings that can only fail at checkout: a key of the wrong kind or mode, a bad sandbox URL, a negative fee.
/// </summary>
public class ConfigurationModelValidator : BaseNopValidator<ConfigurationModel>
{
    private const string F = AlipayPlusDefaults.LocaleResourcePrefix + "Fields.";

    public ConfigurationModelValidator(ILocalizationService localizationService)
    {
        // An empty key keeps the stored one; a typed key must be a WooshPay secret key.
        RuleFor(model => model.SecretKey)
            .Must(key => key.Trim().StartsWith("sk_test_", StringComparison.Ordinal) || key.Trim().StartsWith("sk_live_", StringComparison.Ordinal))
            .When(model => !string.IsNullOrWhiteSpace(model.SecretKey))
            .WithMessageAwait(localizationService.GetResourceAsync(F + "SecretKey.Invalid"));

        RuleFor(model => model.SecretKey)
            .Must((model, key) => model.UseTestEnvironment ? !key.Trim().StartsWith("sk_live_", StringComparison.Ordinal) : !key.Trim().StartsWith("sk_test_", StringComparison.Ordinal))
            .When(model => !string.IsNullOrWhiteSpace(model.SecretKey))
            .WithMessageAwait(localizationService.GetResourceAsync(F + "SecretKey.Mode"));

        RuleFor(model => model.ApiBaseUrl)
            .Must(url => Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Query))
            .When(model => !string.IsNullOrWhiteSpace(model.ApiBaseUrl))
            .WithMessageAwait(localizationService.GetResourceAsync(F + "ApiBaseUrl.Invalid"));

        RuleFor(model => model.AdditionalFee)
            .GreaterThanOrEqualTo(0)
            .WithMessageAwait(localizationService.GetResourceAsync(F + "AdditionalFee.Invalid"));

        RuleFor(model => model.WebhookToleranceSeconds)
            .InclusiveBetween(30, 3600)
            .WithMessageAwait(localizationService.GetResourceAsync(F + "WebhookToleranceSeconds.Invalid"));
    }
}
