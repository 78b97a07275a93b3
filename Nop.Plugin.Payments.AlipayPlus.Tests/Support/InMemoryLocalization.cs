using System.Xml;
using Nop.Core.Domain.Localization;
using Nop.Services.Localization;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// A store's locale string resources table, changed the way nopCommerce 4.90's LocalizationService changes it.
/// </summary>
public sealed class InMemoryLocalization : ILocalizationService
{
    private readonly Dictionary<(int LanguageId, string Name), string> _rows = new();

    public int WorkingLanguageId { get; set; }

    public IReadOnlyDictionary<(int LanguageId, string Name), string> Rows => _rows;

    /// <summary>What a language shows for a resource name, or null
    /// (nopCommerce compares names ignoring case).</summary>
    public string Text(int languageId, string name) =>
        _rows.FirstOrDefault(row => row.Key.LanguageId == languageId
            && string.Equals(row.Key.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> Names(int languageId) =>
        _rows.Keys.Where(key => key.LanguageId == languageId).Select(key => key.Name);

    /// <summary>A row written the way nopCommerce's own editors write it (the name as typed).</summary>
    public void Put(int languageId, string name, string value) => _rows[(languageId, name)] = value;

    public Task<string> GetResourceAsync(string resourceKey) =>
        Task.FromResult(Text(WorkingLanguageId, resourceKey) ?? resourceKey);

    // As nopCommerce reads a language pack: each LocaleResource's Name (lower-cased) and the text of its first Value.
    public Task ImportResourcesFromXmlAsync(Language language, StreamReader xmlStreamReader,
        bool updateExistingResources = true)
    {
        ArgumentNullException.ThrowIfNull(language);

        using var reader = XmlReader.Create(xmlStreamReader);
        if (!reader.ReadToFollowing("Language"))
            return Task.CompletedTask;

        while (reader.ReadToFollowing("LocaleResource"))
        {
            var name = reader.GetAttribute("Name")?.ToLowerInvariant();
            if (name is null || !reader.ReadToDescendant("Value"))
                continue;

            var value = reader.ReadElementContentAsString();
            var existing = _rows.Keys
                .Where(key => key.LanguageId == language.Id
                    && string.Equals(key.Name, name, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (existing.Count > 0 && !updateExistingResources)
                continue;
            foreach (var key in existing)
                _rows.Remove(key);
            _rows[(language.Id, name)] = value;
        }

        return Task.CompletedTask;
    }

    // The names compare as the database does; PostgreSQL's is case-sensitive, so the fake is too.
    public Task DeleteLocaleResourcesAsync(IList<string> resourceNames, int? languageId = null)
    {
        foreach (var key in _rows.Keys
            .Where(key => (languageId is null || key.LanguageId == languageId)
                && resourceNames.Contains(key.Name, StringComparer.Ordinal))
            .ToList())
            _rows.Remove(key);

        return Task.CompletedTask;
    }

    public Task DeleteLocaleResourcesAsync(string resourceNamePrefix, int? languageId = null)
    {
        foreach (var key in _rows.Keys
            .Where(key => (languageId is null || key.LanguageId == languageId)
                && key.Name.StartsWith(resourceNamePrefix, StringComparison.InvariantCultureIgnoreCase))
            .ToList())
            _rows.Remove(key);

        return Task.CompletedTask;
    }
}
