using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Packaging;

/// <summary>
/// A plugin that references a higher version of an assembly the store already loads fails only in a
/// real shop. Every assembly in the package is read and each of its references held to the store's table.
/// </summary>
public class BinaryCompatibilityTests
{
    [Test]
    public void No_assembly_in_the_package_references_a_version_above_what_the_store_ships()
    {
        using var zip = PluginPackage.Open();
        var references = zip.Entries.Where(e => e.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .SelectMany(entry =>
                ReadReferences(entry).Select(reference => (entry.Name, reference.Name, reference.Version)))
            .ToList();

        Assert.That(references.Count(r => HostAssemblies.MaxVersion(r.Item2) is not null), Is.GreaterThan(20),
            "the check must actually see the plugin's references");
        Assert.That(Violations(references), Is.Empty);
    }

    [Test]
    public void The_plugin_binds_to_nopcommerce_490_and_fluentmigrator_710()
    {
        using var zip = PluginPackage.Open();
        var references = ReadReferences(zip.GetEntry("Payments.AlipayPlus/Nop.Plugin.Payments.AlipayPlus.dll")!)
            .ToDictionary(r => r.Name, r => r.Version);

        Assert.That(references["Nop.Core"], Is.EqualTo(new Version(4, 90, 0, 0)));
        Assert.That(references["Nop.Services"], Is.EqualTo(new Version(4, 90, 0, 0)));
        Assert.That(references["Nop.Web.Framework"], Is.EqualTo(new Version(4, 90, 0, 0)));
        Assert.That(references["FluentMigrator"], Is.EqualTo(new Version(7, 1, 0, 0)));
        Assert.That(references["FluentMigrator.Abstractions"], Is.EqualTo(new Version(7, 1, 0, 0)));
        Assert.That(references.Keys, Has.None.StartWith("linq2db"), "data access goes through IRepository only");
    }

    [Test]
    public void A_reference_above_the_store_is_a_violation_and_one_the_store_does_not_load_is_not()
    {
        // What a plugin built against the packages NuGet serves (FluentMigrator
        // 8, Microsoft.Extensions 10) would carry.
        var references = new List<(string, string, Version)>
        {
            ("Nop.Plugin.Payments.AlipayPlus.dll", "FluentMigrator.Abstractions", new Version(8, 0, 1, 0)),
            ("Nop.Plugin.Payments.AlipayPlus.dll", "Microsoft.Extensions.Http", new Version(10, 0, 0, 0)),
            ("Polly.Extensions.dll", "Polly.Core", new Version(99, 0, 0, 0)),
            ("Nop.Plugin.Payments.AlipayPlus.dll", "Nop.Core", new Version(4, 90, 0, 0))
        };

        Assert.That(Violations(references), Has.Count.EqualTo(2)
            .And.Some.Contains("FluentMigrator.Abstractions 8.0.1.0")
            .And.Some.Contains("Microsoft.Extensions.Http 10.0.0.0"));
    }

    private static List<string> Violations(IEnumerable<(string Assembly, string Name, Version Version)> references) =>
        references
            .Select(r => (r.Assembly, r.Name, r.Version, Max: HostAssemblies.MaxVersion(r.Name)))
            .Where(r => r.Max is not null && r.Version > r.Max)
            .Select(r => $"{r.Assembly} references {r.Name} {r.Version} (store has {r.Max})")
            .ToList();

    private static IEnumerable<(string Name, Version Version)> ReadReferences(ZipArchiveEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
            stream.CopyTo(buffer);
        buffer.Position = 0;

        using var pe = new PEReader(buffer);
        if (!pe.HasMetadata)
            return [];

        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences
            .Select(handle => metadata.GetAssemblyReference(handle))
            .Select(reference => (metadata.GetString(reference.Name), reference.Version))
            .ToList();
    }
}
