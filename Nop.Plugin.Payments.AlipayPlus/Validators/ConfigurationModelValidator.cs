using FluentValidation;
using Nop.Plugin.Payments.AlipayPlus.Models.Admin;
using Nop.Plugin.Payments.AlipayPlus.WooshPay;
using Nop.Services.Localization;
using Nop.Web.Framework.Validators;

namespace Nop.Plugin.Payments.AlipayPlus.Validators;

/// <summary>
/// Refuses settings that can only fail at checkout: a key of the wrong kind or mode, a bad sandbox URL, a negative fee.
/// </summary>
public class ConfigurationModelValidator : BaseNopValidator<ConfigurationModel>
{
    private const string F = AlipayPlusDefaults.LocaleResourcePrefix + "Fields.";

    // The rules are WooshPayAccount's own, so the page refuses exactly what checkout would.
    public ConfigurationModelValidator(ILocalizationService localizationService)
    {
        // An empty key keeps the stored one; a typed key must be a WooshPay secret key.
        RuleFor(model => model.SecretKey)
            .Must(WooshPayAccount.IsSecretKey)
            .When(model => !string.IsNullOrWhiteSpace(model.SecretKey))
            .WithMessageAwait(localizationService.GetResourceAsync(F + "SecretKey.Invalid"));

        RuleFor(model => model.SecretKey)
            .Must((model, key) => WooshPayAccount.KeyMatches(key, model.UseTestEnvironment))
            .When(model => !string.IsNullOrWhiteSpace(model.SecretKey))
            .WithMessageAwait(localizationService.GetResourceAsync(F + "SecretKey.Mode"));

        RuleFor(model => model.ApiBaseUrl)
            .Must(url => WooshPayAccount.TryParseBaseUrl(url, out _, out _))
            .When(model => !string.IsNullOrWhiteSpace(model.ApiBaseUrl))
            .WithMessageAwait(localizationService.GetResourceAsync(F + "ApiBaseUrl.Invalid"));

        // The override is for a sandbox: the live key never leaves for another host.
        RuleFor(model => model.ApiBaseUrl)
            .Must((model, _) => model.UseTestEnvironment)
            .When(model => !string.IsNullOrWhiteSpace(model.ApiBaseUrl))
            .WithMessageAwait(localizationService.GetResourceAsync(F + "ApiBaseUrl.TestOnly"));

        RuleFor(model => model.TerminalType)
            .Must(type => AlipayPlusValues.TerminalTypes.Contains(type.Trim()))
            .When(model => !string.IsNullOrWhiteSpace(model.TerminalType))
            .WithMessageAwait(localizationService.GetResourceAsync(F + "TerminalType.Invalid"));

        RuleFor(model => model.AdditionalFee)
            .GreaterThanOrEqualTo(0)
            .WithMessageAwait(localizationService.GetResourceAsync(F + "AdditionalFee.Invalid"));

        // Up to a week: longer than any wallet's page lives, short
        // enough that forgotten orders do not hold stock for good.
        RuleFor(model => model.CancelUnpaidOrdersAfterMinutes)
            .InclusiveBetween(0, AlipayPlusDefaults.MaxCancelUnpaidOrdersAfterMinutes)
            .WithMessageAwait(localizationService.GetResourceAsync(F + "CancelUnpaidOrdersAfterMinutes.Invalid"));

        RuleFor(model => model.WebhookToleranceSeconds)
            .InclusiveBetween(30, 3600)
            .WithMessageAwait(localizationService.GetResourceAsync(F + "WebhookToleranceSeconds.Invalid"));
    }
}
