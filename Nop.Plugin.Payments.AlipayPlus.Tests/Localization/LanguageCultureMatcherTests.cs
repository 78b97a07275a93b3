using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Localization;

public class LanguageCultureMatcherTests
{
    // Cultures as nopCommerce offers them on Linux (ICU: zh-Hant-HK) and Windows (zh-HK), older .NET names
    // (zh-CHT), and what shops type by hand (lower case, underscores).
    [TestCase("zh-Hant-HK", "zh-HK")]
    [TestCase("zh-HK", "zh-HK")]
    [TestCase("zh-TW", "zh-HK")]
    [TestCase("zh-Hant-TW", "zh-HK")]
    [TestCase("zh-Hant", "zh-HK")]
    [TestCase("zh-MO", "zh-HK")]
    [TestCase("zh-Hant-MO", "zh-HK")]
    [TestCase("zh-CHT", "zh-HK")]
    [TestCase("zh_hk", "zh-HK")]
    [TestCase("yue", "zh-HK")]
    [TestCase("yue-Hant-HK", "zh-HK")]
    [TestCase("zh-CN", "zh-CN")]
    [TestCase("zh-Hans", "zh-CN")]
    [TestCase("zh-Hans-CN", "zh-CN")]
    [TestCase("zh-Hans-HK", "zh-CN")]
    [TestCase("zh-SG", "zh-CN")]
    [TestCase("zh-Hans-SG", "zh-CN")]
    [TestCase("zh-CHS", "zh-CN")]
    [TestCase("zh", "zh-CN")]
    [TestCase("yue-Hans-CN", "zh-CN")]
    [TestCase("id", "id-ID")]
    [TestCase("id-ID", "id-ID")]
    [TestCase("in", "id-ID")]
    [TestCase("in-ID", "id-ID")]
    [TestCase("ms", "ms-MY")]
    [TestCase("ms-MY", "ms-MY")]
    [TestCase("ms-SG", "ms-MY")]
    [TestCase("ms-BN", "ms-MY")]
    [TestCase("ms-Arab-MY", "en-US")]
    [TestCase("zh-Latn", "en-US")]
    [TestCase("fil", "fil-PH")]
    [TestCase("fil-PH", "fil-PH")]
    [TestCase("tl", "fil-PH")]
    [TestCase("tl-PH", "fil-PH")]
    [TestCase("th", "th-TH")]
    [TestCase("th-TH", "th-TH")]
    [TestCase("en-US", "en-US")]
    [TestCase("en-GB", "en-US")]
    [TestCase("en-HK", "en-US")]
    [TestCase("de-DE", "en-US")]
    [TestCase("vi-VN", "en-US")]
    [TestCase("ja-JP", "en-US")]
    [TestCase("it", "en-US")]
    [TestCase("tr-TR", "en-US")]
    [TestCase("", "en-US")]
    [TestCase("  ", "en-US")]
    [TestCase(null, "en-US")]
    [TestCase("-", "en-US")]
    [TestCase("x-y-z-zh-HK", "en-US")]
    public void A_store_language_gets_the_texts_of_its_culture_or_english(string languageCulture, string expected)
    {
        Assert.That(LanguageCultureMatcher.Match(languageCulture), Is.EqualTo(expected));
    }

    [Test]
    public void Every_culture_the_matcher_answers_has_a_file()
    {
        var answers = new[] { "zh-HK", "zh-CN", "id", "ms", "fil", "th", "de" }.Select(LanguageCultureMatcher.Match);

        Assert.That(answers.Distinct(), Is.SubsetOf(LocaleResources.Cultures));
    }
}
