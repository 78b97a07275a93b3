using System.Globalization;
using System.Text.RegularExpressions;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// What a translation file can get wrong, each check a list of readable problems (empty when right), so the tests
/// can run them on the real files and on files made wrong on purpose.
/// </summary>
internal static partial class LocaleResourceChecks
{
    /// <summary>
    /// Shopper texts that may read exactly as in English in another language: brand names, currency codes and bare
    /// placeholders only. Empty today: every shopper text says something in words.
    /// </summary>
    public static readonly IReadOnlySet<string> SameAsEnglishAllowed =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    // English words that never occur in Indonesian, Malay or Filipino
    // shop texts: two of them mean a sentence left in English.
    private static readonly HashSet<string> EnglishFunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "you", "your", "will", "with", "from", "this", "please", "could", "cannot", "was", "were", "been",
        "after", "there", "which"
    };

    // Characters that differ between the scripts (a Traditional file with 钱 or a Simplified one with 錢 mixed them up).
    private const string TraditionalOnly = "錢訂單頁確認會動請後連時無幣貨務這為選過還經與應電號處戶詳細購買續項統帶種暫態稅額達說";
    private const string SimplifiedOnly = "钱订单页确认会动请后连时无币货务这为选过还经与应电号处户详细购买续项统带种暂态税额达说";

    public static IEnumerable<string> ShopperKeys(LocaleResourcePack english) =>
        english.Values.Keys.Where(key => !english.AdminKeys.Contains(key));

    public static List<string> Coverage(LocaleResourcePack english, LocaleResourcePack translation)
    {
        var problems = new List<string>();
        problems.AddRange(ShopperKeys(english)
            .Where(key => !translation.Values.ContainsKey(key))
            .Select(key => $"{translation.Culture}: {key} is missing"));
        problems.AddRange(translation.Values.Keys
            .Where(key => !english.Values.ContainsKey(key))
            .Select(key => $"{translation.Culture}: {key} is not in the English file"));
        problems.AddRange(translation.Values.Keys
            .Where(english.AdminKeys.Contains)
            .Select(key => $"{translation.Culture}: {key} is a staff text, which stays English"));
        problems.AddRange(translation.AdminKeys
            .Select(key => $"{translation.Culture}: {key} is marked Admin outside the English file"));
        return problems;
    }

    public static List<string> Placeholders(LocaleResourcePack english, LocaleResourcePack translation)
    {
        return translation.Values
            .Where(text => english.Values.ContainsKey(text.Key))
            .Where(text => !PlaceholderIndexes(text.Value).SequenceEqual(PlaceholderIndexes(english.Values[text.Key])))
            .Select(text => $"{translation.Culture}: {text.Key} has placeholders " +
                $"{{{string.Join("}{", PlaceholderIndexes(text.Value))}}}, English " +
                $"{{{string.Join("}{", PlaceholderIndexes(english.Values[text.Key]))}}}")
            .ToList();
    }

    /// <summary>Every text must go through string.Format with as many arguments as English gives it.</summary>
    public static List<string> Formats(LocaleResourcePack english, LocaleResourcePack pack)
    {
        var problems = new List<string>();
        foreach (var (key, value) in pack.Values)
        {
            if (string.IsNullOrWhiteSpace(value) || value != value.Trim())
                problems.Add($"{pack.Culture}: {key} is empty or has spaces around it");

            var arguments =
                PlaceholderIndexes(english.Values.GetValueOrDefault(key, value)).DefaultIfEmpty(-1).Max() + 1;
            try
            {
                string.Format(CultureInfo.InvariantCulture, value,
                    Enumerable.Range(0, arguments).Select(i => (object)$"#{i}").ToArray());
            }
            catch (FormatException)
            {
                problems.Add($"{pack.Culture}: {key} is not a valid format string: {value}");
            }
        }

        return problems;
    }

    public static List<string> LeftInEnglish(LocaleResourcePack english, LocaleResourcePack translation)
    {
        var problems = new List<string>();
        foreach (var (key, value) in translation.Values)
        {
            if (!english.Values.TryGetValue(key, out var englishValue) || SameAsEnglishAllowed.Contains(key))
                continue;

            if (string.Equals(value.Trim(), englishValue.Trim(), StringComparison.OrdinalIgnoreCase))
                problems.Add($"{translation.Culture}: {key} is the English text: {value}");
            else if (Words().Matches(value)
                .Select(m => m.Value)
                .Where(EnglishFunctionWords.Contains)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Count() >= 2)
                problems.Add($"{translation.Culture}: {key} reads as English: {value}");
        }

        return problems;
    }

    /// <summary>Chinese and Thai texts must be written in their script; Traditional and Simplified not mixed.</summary>
    public static List<string> Script(LocaleResourcePack translation)
    {
        var (pattern, forbidden) = translation.Culture switch
        {
            "zh-HK" => (Han(), SimplifiedOnly),
            "zh-CN" => (Han(), TraditionalOnly),
            "th-TH" => (Thai(), ""),
            _ => ((Regex)null, "")
        };
        if (pattern is null)
            return [];

        var problems = new List<string>();
        foreach (var (key, value) in translation.Values)
        {
            if (!pattern.IsMatch(value) && !SameAsEnglishAllowed.Contains(key))
                problems.Add($"{translation.Culture}: {key} has no {translation.Culture} characters: {value}");
            var wrong = value.Where(c => forbidden.Contains(c)).Distinct().ToList();
            if (wrong.Count > 0)
                problems.Add($"{translation.Culture}: {key} has characters of the other Chinese script " +
                    $"({string.Concat(wrong)}): {value}");
        }

        return problems;
    }

    /// <summary>
    /// When the English text says a glossary word, the translation says that language's glossary word for it.
    /// </summary>
    public static List<string> GlossaryWords(LocaleResourcePack english, LocaleResourcePack translation,
        IReadOnlyDictionary<(string Term, string Culture), string[]> glossary)
    {
        var problems = new List<string>();
        foreach (var (key, value) in translation.Values)
        {
            if (!english.Values.TryGetValue(key, out var englishValue))
                continue;

            foreach (var (term, trigger) in GlossaryTriggers)
            {
                if (!trigger.IsMatch(englishValue))
                    continue;
                if (!glossary.TryGetValue((term, translation.Culture), out var forms))
                {
                    problems.Add($"GLOSSARY.md has no {translation.Culture} word for {term}");
                    continue;
                }
                if (!forms.Any(form => value.Contains(form, StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"{translation.Culture}: {key} says {term} in English but none of " +
                        $"{string.Join(" / ", forms)}: {value}");
            }
        }

        return problems;
    }

    public static readonly IReadOnlyList<(string Term, Regex Trigger)> GlossaryTriggers =
    [
        ("payment", new Regex(@"\b(pay|pays|paid|paying|payment|payments)\b", RegexOptions.IgnoreCase)),
        ("wallet", new Regex(@"\bwallets?\b", RegexOptions.IgnoreCase)),
        ("refund", new Regex(@"\brefund(s|ed)?\b", RegexOptions.IgnoreCase)),
        ("order", new Regex(@"\borders?\b", RegexOptions.IgnoreCase)),
        ("retry", new Regex(@"\bretry\b|\btry again\b", RegexOptions.IgnoreCase))
    ];

    /// <summary>The table in Localization/GLOSSARY.md: (term, culture) to the accepted forms.</summary>
    public static IReadOnlyDictionary<(string Term, string Culture), string[]> ReadGlossary(string markdown)
    {
        var rows = markdown.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith('|') && line.EndsWith('|'))
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => !cells.All(cell => cell.Trim('-', ':').Length == 0))
            .ToList();
        var header = rows.First();
        return rows.Skip(1)
            .SelectMany(cells => cells.Skip(1).Select((cell, i) => (Term: cells[0], Culture: header[i + 1],
                Forms: cell.Split(" / ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))))
            .ToDictionary(row => (row.Term, row.Culture), row => row.Forms);
    }

    public static string GlossaryPath => Path.Combine(RepositoryPaths.PluginProject, "Localization", "GLOSSARY.md");

    public static LocaleResourcePack PackFromXml(string culture, string xml) =>
        LocaleResourcePack.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)), culture);

    private static IReadOnlyList<int> PlaceholderIndexes(string text) =>
        Placeholder().Matches(text)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()
            .ToList();

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?:[,:][^{}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex Words();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    [GeneratedRegex(@"\p{IsThai}")]
    private static partial Regex Thai();
}
