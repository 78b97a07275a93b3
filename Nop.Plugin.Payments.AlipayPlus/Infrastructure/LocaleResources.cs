using System.Xml;
using System.Xml.Linq;

namespace Nop.Plugin.Payments.AlipayPlus.Infrastructure;

/// <summary>
/// The plugin's texts: one nopCommerce language-pack file per language in <c>Localization/</c>, embedded in the
/// assembly so the uploaded zip cannot lose them. English holds every text; the other files hold what shoppers see.
/// </summary>
public static class LocaleResources
{
    public const string EnglishCulture = "en-US";

    /// <summary>nopCommerce shows the payment method's name from this resource when a language has it.</summary>
    public const string FriendlyNameKey = "Plugins.FriendlyName." + AlipayPlusDefaults.SystemName;

    /// <summary>The cultures with a file, English first.</summary>
    public static IReadOnlyList<string> Cultures { get; } =
        [EnglishCulture, "zh-HK", "zh-CN", "id-ID", "ms-MY", "fil-PH", "th-TH"];

    private static readonly Lazy<IReadOnlyDictionary<string, LocaleResourcePack>> _packs = new(LoadPacks);

    public static IReadOnlyDictionary<string, string> English => Pack(EnglishCulture).Values;

    public static LocaleResourcePack Pack(string culture) => _packs.Value[culture];

    public static string ResourceName(string culture) => $"AlipayPlus.Localization.{culture}.nopres.xml";

    /// <summary>
    /// Every text for a store language: English, with what shoppers see replaced by the language's own file when
    /// there is one for its culture.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForLanguage(string languageCulture)
    {
        var texts = new Dictionary<string, string>(English, StringComparer.OrdinalIgnoreCase);
        var culture = LanguageCultureMatcher.Match(languageCulture);
        if (culture == EnglishCulture)
            return texts;

        foreach (var (name, value) in Pack(culture).Values)
            texts[name] = value;

        return texts;
    }

    /// <summary>Texts in nopCommerce's language-pack XML, the shape its ImportResourcesFromXmlAsync reads.</summary>
    public static string ToLanguagePackXml(IReadOnlyDictionary<string, string> texts)
    {
        var language = new XElement("Language",
            texts.Select(text =>
                new XElement("LocaleResource", new XAttribute("Name", text.Key), new XElement("Value", text.Value))));

        return language.ToString(SaveOptions.DisableFormatting);
    }

    private static IReadOnlyDictionary<string, LocaleResourcePack> LoadPacks()
    {
        var assembly = typeof(LocaleResources).Assembly;
        return Cultures.ToDictionary(culture => culture, culture =>
        {
            using var stream = assembly.GetManifestResourceStream(ResourceName(culture))
                ?? throw new InvalidOperationException($"The plugin's {culture} texts ({ResourceName(culture)}) are " +
                    "not in its assembly.");
            return LocaleResourcePack.Parse(stream, culture);
        });
    }
}

/// <summary>
/// One language's texts as its file holds them, and which of them only the shop's staff see.
/// </summary>
public sealed class LocaleResourcePack
{
    private LocaleResourcePack(string culture, IReadOnlyDictionary<string, string> values,
        IReadOnlySet<string> adminKeys)
    {
        Culture = culture;
        Values = values;
        AdminKeys = adminKeys;
    }

    public string Culture { get; }

    /// <summary>Resource name (compared as nopCommerce does, ignoring case) to text.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Names marked <c>Admin="true"</c>: staff-only texts, kept English in every language.</summary>
    public IReadOnlySet<string> AdminKeys { get; }

    /// <summary>
    /// Reads a file in nopCommerce's language-pack shape. A repeated name or a resource without a value is refused:
    /// nopCommerce would silently keep one of two texts, and the tests should see the mistake instead.
    /// </summary>
    public static LocaleResourcePack Parse(Stream stream, string culture)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(stream, LoadOptions.None);
        }
        catch (XmlException exception)
        {
            throw new InvalidDataException(
                $"The {culture} texts are not well-formed XML: {exception.Message}", exception);
        }

        if (document.Root?.Name.LocalName != "Language")
            throw new InvalidDataException($"The {culture} texts must have <Language> as their root.");

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var adminKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in document.Root.Elements("LocaleResource"))
        {
            var name = resource.Attribute("Name")?.Value;
            var value = resource.Element("Value")?.Value;
            if (string.IsNullOrWhiteSpace(name) || value is null)
                throw new InvalidDataException(
                    $"A resource in the {culture} texts has no name or no <Value>: {resource}");
            if (!values.TryAdd(name, value))
                throw new InvalidDataException($"The {culture} texts name {name} twice.");
            if (string.Equals(resource.Attribute("Admin")?.Value, "true", StringComparison.OrdinalIgnoreCase))
                adminKeys.Add(name);
        }

        return new LocaleResourcePack(culture, values, adminKeys);
    }
}
