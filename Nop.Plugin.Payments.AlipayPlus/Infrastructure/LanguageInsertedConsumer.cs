using Nop.Core.Domain.Localization;
using Nop.Core.Events;
using Nop.Services.Events;
using Nop.Services.Localization;
using Nop.Services.Plugins;

namespace Nop.Plugin.Payments.AlipayPlus.Infrastructure;

/// <summary>
/// A language added to the store after the plugin was installed gets the plugin's texts in it too. nopCommerce
/// finds this consumer by its interface.
/// </summary>
public class LanguageInsertedConsumer : IConsumer<EntityInsertedEvent<Language>>
{
    private readonly ILanguageService _languageService;
    private readonly ILocalizationService _localizationService;
    private readonly IPluginService _pluginService;

    public LanguageInsertedConsumer(ILanguageService languageService, ILocalizationService localizationService,
        IPluginService pluginService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
        _pluginService = pluginService;
    }

    public async Task HandleEventAsync(EntityInsertedEvent<Language> eventMessage)
    {
        if (eventMessage?.Entity is not { } language)
            return;

        // The assembly stays loaded until the restart after an uninstall: no texts for a plugin that is gone.
        var installed = await _pluginService.GetPluginDescriptorBySystemNameAsync<IPlugin>(
            AlipayPlusDefaults.SystemName, LoadPluginsMode.InstalledOnly);
        if (installed is null)
            return;

        await new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync(language);
    }
}
