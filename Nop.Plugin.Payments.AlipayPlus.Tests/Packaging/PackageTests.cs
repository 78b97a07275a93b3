using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Nop.Plugin.Payments.AlipayPlus.Infrastructure;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Packaging;

/// <summary>
/// The zip a shop owner uploads in Admin → Local plugins → "Upload plugin or theme".
/// </summary>
public class PackageTests
{
    private const string Folder = "Payments.AlipayPlus/";

    [Test]
    public void The_zip_holds_one_plugin_folder_with_descriptor_assembly_views_and_logo()
    {
        using var zip = PluginPackage.Open();
        var names = zip.Entries.Select(entry => entry.FullName.Replace('\\', '/')).ToList();

        Assert.That(names, Has.All.StartWith(Folder));
        Assert.That(names, Does.Contain(Folder + "plugin.json"));
        Assert.That(names, Does.Contain(Folder + "Nop.Plugin.Payments.AlipayPlus.dll"));
        Assert.That(names, Does.Contain(Folder + "logo.png"));
        Assert.That(names, Does.Contain(Folder + "Views/Admin/Configure.cshtml"));
        Assert.That(names, Does.Contain(Folder + "Views/Public/PaymentInfo.cshtml"));
        Assert.That(names, Does.Contain(Folder + "Views/Public/Return.cshtml"));
        Assert.That(names, Does.Contain(Folder + "Views/_ViewImports.cshtml"));
    }

    [Test]
    public void The_plugins_assembly_in_the_zip_carries_the_texts_of_every_language()
    {
        using var zip = PluginPackage.Open();
        using var buffer = new MemoryStream();
        using (var stream = zip.GetEntry(Folder + "Nop.Plugin.Payments.AlipayPlus.dll")!.Open())
            stream.CopyTo(buffer);
        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var metadata = pe.GetMetadataReader();
        var embedded = metadata.ManifestResources
            .Select(handle => metadata.GetString(metadata.GetManifestResource(handle).Name))
            .ToList();

        Assert.That(embedded, Is.SupersetOf(LocaleResources.Cultures.Select(LocaleResources.ResourceName)));
        Assert.That(zip.Entries.Select(entry => entry.Name), Has.None.EndsWith(".resources.dll"),
            "no text went into a satellite assembly");
    }

    [Test]
    public void The_zip_ships_no_host_or_framework_assembly_but_the_plugins_own_dependencies()
    {
        using var zip = PluginPackage.Open();
        var assemblies = zip.Entries
            .Where(entry => entry.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(entry => entry.Name)
            .ToList();

        Assert.That(assemblies
            .Where(name => name != "Nop.Plugin.Payments.AlipayPlus.dll")
            .Where(HostAssemblies.IsHostOrFramework),
            Is.Empty);
        Assert.That(assemblies, Does.Contain("Polly.Core.dll"),
            "the resilience pipeline's libraries must ship with the plugin");
        Assert.That(assemblies, Does.Contain("Microsoft.Extensions.Http.Resilience.dll"));
    }

    [Test]
    public void The_descriptor_is_the_one_nopcommerce_expects()
    {
        using var zip = PluginPackage.Open();
        using var stream = zip.GetEntry(Folder + "plugin.json")!.Open();
        using var descriptor = JsonDocument.Parse(stream);
        var root = descriptor.RootElement;

        Assert.That(root.GetProperty("Group").GetString(), Is.EqualTo("Payment methods"));
        Assert.That(root.GetProperty("SystemName").GetString(), Is.EqualTo(AlipayPlusDefaults.SystemName));
        Assert.That(root.GetProperty("FriendlyName").GetString(), Is.EqualTo("Alipay+ (WooshPay)"));
        Assert.That(root.GetProperty("FileName").GetString(), Is.EqualTo("Nop.Plugin.Payments.AlipayPlus.dll"));
        Assert.That(root.GetProperty("SupportedVersions").EnumerateArray().Select(v => v.GetString()),
            Is.EqualTo(new[] { "4.90" }));
        Assert.That(root.GetProperty("Version").GetString(), Is.Not.Empty);
    }
}
