namespace Nop.Plugin.Payments.AlipayPlus.Infrastructure;

/// <summary>
/// Which of the plugin's text files a store language gets, from the language's culture as nopCommerce stores it
/// (.NET culture names: ICU's on Linux such as zh-Hant-HK, Windows' such as zh-HK, older ones such as zh-CHT).
/// </summary>
public static class LanguageCultureMatcher
{
    /// <summary>
    /// The file culture (one of <see cref="LocaleResources.Cultures"/>) for a store language's culture; English for
    /// anything without a file of its own.
    /// </summary>
    public static string Match(string languageCulture)
    {
        if (string.IsNullOrWhiteSpace(languageCulture))
            return LocaleResources.EnglishCulture;

        var parts = languageCulture
            .Trim()
            .Replace('_', '-')
            .ToLowerInvariant()
            .Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            return LocaleResources.EnglishCulture;

        var language = parts[0];
        var script = parts.Skip(1).FirstOrDefault(part => part.Length == 4);
        var region = parts
            .Skip(1)
            .FirstOrDefault(part => part.Length == 2 || (part.Length == 3 && part.All(char.IsAsciiDigit)));

        return language switch
        {
            // Cantonese written for shops is Hong Kong's written Chinese, so a yue store reads the Traditional texts.
            "zh" or "yue" => ChineseScript(parts, script, region, language),
            // "in" is Indonesian's code before 1989, still what older Java-era systems send.
            "id" or "in" => LatinOrEnglish(script, "id-ID"),
            "ms" => LatinOrEnglish(script, "ms-MY"),
            // Tagalog is the base of Filipino; stores list either.
            "fil" or "tl" => LatinOrEnglish(script, "fil-PH"),
            "th" => script is null or "thai" ? "th-TH" : LocaleResources.EnglishCulture,
            _ => LocaleResources.EnglishCulture
        };
    }

    // The script decides when given (zh-Hans-HK is Simplified, zh-Hant-CN Traditional), then the region. Without
    // either, Chinese is Simplified: that is CLDR's default for zh (zh -> zh-Hans-CN) and what .NET's neutral "zh" and
    // "zh-CHS" mean; Cantonese defaults to Traditional (yue -> yue-Hant-HK).
    private static string ChineseScript(string[] parts, string script, string region, string language)
    {
        if (script == "hant" || parts.Contains("cht"))
            return "zh-HK";
        if (script == "hans" || parts.Contains("chs"))
            return "zh-CN";
        if (script is not null)
            return LocaleResources.EnglishCulture;

        return region switch
        {
            "hk" or "mo" or "tw" => "zh-HK",
            null when language == "yue" => "zh-HK",
            _ => "zh-CN"
        };
    }

    // Malay written in Jawi (ms-Arab) or the like has no file:
    // English reads better than Latin letters it did not ask for.
    private static string LatinOrEnglish(string script, string culture)
    {
        return script is null or "latn" ? culture : LocaleResources.EnglishCulture;
    }
}
