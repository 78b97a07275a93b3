using System.Text;
using Nop.Core.Domain.Localization;
using Nop.Services.Localization;

namespace Nop.Plugin.Payments.AlipayPlus.Infrastructure;

/// <summary>
/// Puts the plugin's texts into a store's languages and takes them out again.
/// </summary>
public class LocaleResourceInstaller
{
    private readonly ILanguageService _languageService;
    private readonly ILocalizationService _localizationService;

    public LocaleResourceInstaller(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    /// <summary>Every language of the store, hidden ones included (they may be published later).</summary>
    public async Task InstallAsync()
    {
        foreach (var language in await _languageService.GetAllLanguagesAsync(true))
            await InstallAsync(language);
    }

    /// <summary>
    /// One language, through nopCommerce's own language-pack import: it takes the language itself, where
    /// AddOrUpdateLocaleResourceAsync looks the language up in a cached list that may not hold a language inserted a
    /// moment ago (the inserted-language consumer runs before or after the cache is cleared, in no set order).
    /// </summary>
    public async Task InstallAsync(Language language)
    {
        ArgumentNullException.ThrowIfNull(language);

        var xml = LocaleResources.ToLanguagePackXml(LocaleResources.ForLanguage(language.LanguageCulture));
        using var reader = new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(xml)), Encoding.UTF8);
        await _localizationService.ImportResourcesFromXmlAsync(language, reader, true);
    }

    /// <summary>
    /// This version's texts instead of an earlier version's: removed first, so a text this version no longer has
    /// does not stay behind (and a shop's own edits of the plugin's texts give way to the new wording).
    /// </summary>
    public async Task ReplaceAsync()
    {
        await UninstallAsync();
        await InstallAsync();
    }

    /// <summary>Every language's copy of every text, the payment method's localized name included.</summary>
    public async Task UninstallAsync()
    {
        await _localizationService.DeleteLocaleResourcesAsync(AlipayPlusDefaults.LocaleResourcePrefix);

        // Exact names, not a prefix, so another plugin whose system name starts like ours keeps its name. Both
        // spellings: the import stores names in lower case, nopCommerce's own name editor as written, and the
        // comparison is the database's (case-sensitive on PostgreSQL).
        await _localizationService.DeleteLocaleResourcesAsync(
            new List<string> { LocaleResources.FriendlyNameKey, LocaleResources.FriendlyNameKey.ToLowerInvariant() });
    }
}
