using System.Text.Json;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using static Nop.Plugin.Payments.AlipayPlus.Tests.Support.LocaleResourceChecks;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Localization;

/// <summary>
/// The text files as the plugin's assembly carries them: every language complete, the same placeholders, nothing
/// left in English, the glossary's words.
/// </summary>
public class LocaleResourceFileTests
{
    private static LocaleResourcePack English => LocaleResources.Pack(LocaleResources.EnglishCulture);

    private static IEnumerable<LocaleResourcePack> Translations =>
        LocaleResources.Cultures
            .Where(culture => culture != LocaleResources.EnglishCulture)
            .Select(LocaleResources.Pack);

    [Test]
    public void Every_file_in_the_localization_folder_is_embedded_and_every_embedded_culture_has_a_file()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.PluginProject, "Localization"), "*.nopres.xml")
            .Select(path => Path.GetFileName(path)[..^".nopres.xml".Length]);

        Assert.That(files, Is.EquivalentTo(LocaleResources.Cultures));
        Assert.That(LocaleResources.Cultures
            .Select(culture => typeof(LocaleResources).Assembly.GetManifestResourceInfo(
                LocaleResources.ResourceName(culture))),
            Has.None.Null);
        Assert.That(LocaleResources.Cultures,
            Is.EquivalentTo(new[] { "en-US", "zh-HK", "zh-CN", "id-ID", "ms-MY", "fil-PH", "th-TH" }));
    }

    [Test]
    public void Every_language_has_every_shopper_text_and_only_those()
    {
        Assert.That(ShopperKeys(English), Has.Some.StartWith(AlipayPlusDefaults.LocaleResourcePrefix + "Return."));
        Assert.That(Translations.SelectMany(pack => Coverage(English, pack)), Is.Empty);
    }

    [Test]
    public void Placeholders_are_the_same_in_every_language()
    {
        Assert.That(Translations.SelectMany(pack => Placeholders(English, pack)), Is.Empty);
        Assert.That(LocaleResources.Cultures.Select(LocaleResources.Pack).SelectMany(pack => Formats(English, pack)),
            Is.Empty);
    }

    [Test]
    public void No_shopper_text_is_left_in_english_in_another_language()
    {
        Assert.That(Translations.SelectMany(pack => LeftInEnglish(English, pack)), Is.Empty);
    }

    [Test]
    public void Chinese_and_thai_texts_are_written_in_their_own_script()
    {
        Assert.That(Translations.SelectMany(Script), Is.Empty);
    }

    [Test]
    public void Translations_use_the_glossary_words()
    {
        var glossary = ReadGlossary(File.ReadAllText(GlossaryPath));

        Assert.That(glossary.Keys.Select(key => key.Term).Distinct(),
            Is.EquivalentTo(GlossaryTriggers.Select(t => t.Term)));
        Assert.That(glossary.Keys.Select(key => key.Culture).Distinct(),
            Is.EquivalentTo(Translations.Select(pack => pack.Culture)));
        Assert.That(Translations.SelectMany(pack => GlossaryWords(English, pack, glossary)), Is.Empty);
    }

    [Test]
    public void The_english_name_of_the_payment_method_is_the_descriptors()
    {
        using var descriptor = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "plugin.json")));

        Assert.That(LocaleResources.English[LocaleResources.FriendlyNameKey],
            Is.EqualTo(descriptor.RootElement.GetProperty("FriendlyName").GetString()));
        Assert.That(English.AdminKeys, Does.Not.Contain(LocaleResources.FriendlyNameKey),
            "shoppers read it at checkout");
    }

    [Test]
    public void Every_text_but_the_payment_methods_name_is_under_the_plugins_prefix()
    {
        Assert.That(English.Values.Keys.Where(key => key != LocaleResources.FriendlyNameKey),
            Has.All.StartWith(AlipayPlusDefaults.LocaleResourcePrefix));
    }

    // The checks themselves, on files made wrong on purpose.

    private const string EnglishXml = """
        <Language Name="English">
          <LocaleResource Name="A.Pay"><Value>Pay {0} for order {1}</Value></LocaleResource>
          <LocaleResource Name="A.Brand"><Value>Alipay+</Value></LocaleResource>
          <LocaleResource Name="A.Staff" Admin="true"><Value>Staff only {0}</Value></LocaleResource>
        </Language>
        """;

    [Test]
    public void A_missing_text_an_extra_one_and_a_translated_staff_text_are_each_reported()
    {
        var english = PackFromXml("en-US", EnglishXml);
        var translation = PackFromXml("id-ID", """
            <Language><LocaleResource Name="A.Brand"><Value>Alipay+</Value></LocaleResource>
            <LocaleResource Name="A.Gone"><Value>Sisa</Value></LocaleResource>
            <LocaleResource Name="A.Staff"><Value>Khusus staf {0}</Value></LocaleResource></Language>
            """);

        Assert.That(Coverage(english, translation), Is.EquivalentTo(new[]
        {
            "id-ID: A.Pay is missing",
            "id-ID: A.Gone is not in the English file",
            "id-ID: A.Staff is a staff text, which stays English"
        }));
    }

    [Test]
    public void A_placeholder_dropped_or_renumbered_is_reported_and_a_reordered_one_is_not()
    {
        var english = PackFromXml("en-US", EnglishXml);

        Assert.That(Placeholders(english, PackFromXml("ms-MY",
                """<Language><LocaleResource Name="A.Pay"><Value>Bayar {0}</Value></LocaleResource></Language>""")),
            Has.Count.EqualTo(1));
        Assert.That(Placeholders(english, PackFromXml("ms-MY",
                """<Language><LocaleResource Name="A.Pay"><Value>Bayar {0} untuk {2}</Value></LocaleResource>""" +
                """</Language>""")),
            Has.Count.EqualTo(1));
        Assert.That(Placeholders(english, PackFromXml("ms-MY",
                """<Language><LocaleResource Name="A.Pay"><Value>Pesanan {1}: bayar {0}</Value></LocaleResource>""" +
                """</Language>""")),
            Is.Empty);
        Assert.That(Formats(english, PackFromXml("ms-MY",
                """<Language><LocaleResource Name="A.Pay"><Value>Bayar {0 untuk {1}</Value></LocaleResource>""" +
                """</Language>""")),
            Has.Count.EqualTo(1));
    }

    [Test]
    public void A_text_left_in_english_is_reported_unless_it_is_a_brand_on_the_allow_list()
    {
        var english = PackFromXml("en-US", EnglishXml);
        var translation = PackFromXml("fil-PH", """
            <Language><LocaleResource Name="A.Pay"><Value>Pay {0} for order {1}</Value></LocaleResource>
            <LocaleResource Name="A.Brand"><Value>Alipay+</Value></LocaleResource></Language>
            """);
        var halfEnglish = PackFromXml("fil-PH",
            """<Language><LocaleResource Name="A.Pay"><Value>Magbayad ng {0} with the order {1}</Value>""" +
            """</LocaleResource></Language>""");

        Assert.That(LeftInEnglish(english, translation), Is.EquivalentTo(new[]
        {
            "fil-PH: A.Pay is the English text: Pay {0} for order {1}",
            "fil-PH: A.Brand is the English text: Alipay+"
        }), "A.Brand is not on the allow-list");
        Assert.That(LeftInEnglish(english, halfEnglish), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_chinese_text_in_latin_letters_or_the_other_script_is_reported()
    {
        var latin = PackFromXml("zh-HK",
            """<Language><LocaleResource Name="A.Pay"><Value>Pay {0}</Value></LocaleResource></Language>""");
        var simplifiedInHongKong = PackFromXml("zh-HK",
            """<Language><LocaleResource Name="A.Pay"><Value>订单 {1} 付款 {0}</Value></LocaleResource></Language>""");
        var traditionalOnTheMainland = PackFromXml("zh-CN",
            """<Language><LocaleResource Name="A.Pay"><Value>訂單 {1} 付款 {0}</Value></LocaleResource></Language>""");

        Assert.That(Script(latin), Has.Count.EqualTo(1));
        Assert.That(Script(simplifiedInHongKong), Has.Count.EqualTo(1));
        Assert.That(Script(traditionalOnTheMainland), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_translation_that_avoids_the_glossary_word_is_reported()
    {
        var english = PackFromXml("en-US", EnglishXml);
        var glossary = ReadGlossary("""
            | English | id-ID |
            |---|---|
            | payment | bayar |
            | order | pesanan |
            """);

        Assert.That(GlossaryWords(english, PackFromXml("id-ID",
                """<Language><LocaleResource Name="A.Pay"><Value>Bayar {0} untuk pesanan {1}</Value>""" +
                """</LocaleResource></Language>"""), glossary),
            Is.Empty);
        Assert.That(GlossaryWords(english, PackFromXml("id-ID",
                """<Language><LocaleResource Name="A.Pay"><Value>Bayar {0} untuk order {1}</Value>""" +
                """</LocaleResource></Language>"""), glossary),
            Is.EqualTo(new[] { "id-ID: A.Pay says order in English but none of pesanan: Bayar {0} untuk order {1}" }));
    }

    [Test]
    public void A_file_naming_a_text_twice_is_refused()
    {
        Assert.That(() => PackFromXml("th-TH", """
            <Language><LocaleResource Name="A.Pay"><Value>หนึ่ง</Value></LocaleResource>
            <LocaleResource Name="a.pay"><Value>สอง</Value></LocaleResource></Language>
            """), Throws.TypeOf<InvalidDataException>().With.Message.Contains("twice"));
    }

    [Test]
    public void A_file_with_a_text_without_value_is_refused()
    {
        Assert.That(
            () => PackFromXml("ms-MY", """<Language><LocaleResource Name="A.Pay"></LocaleResource></Language>"""),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("no <Value>"));
    }
}
