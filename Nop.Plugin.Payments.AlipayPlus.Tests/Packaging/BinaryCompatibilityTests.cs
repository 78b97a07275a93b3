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
        var violations = new List<string>();
        var checkedReferences = 0;

        foreach (var entry in zip.Entries.Where(e => e.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (name, version) in ReadReferences(entry))
            {
                var max = HostAssemblies.MaxVersion(name);
                if (max is null)
                    continue;
                checkedReferences++;
                if (version > max)
                    violations.Add($"{entry.Name} references {name} {version} (store has {max})");
            }
        }

        Assert.That(checkedReferences, Is.GreaterThan(20), "the check must actually see the plugin's references");
        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void The_plugin_binds_to_nopcommerce_490_and_fluentmigrator_710()
    {
        using var zip = PluginPackage.Open();
        var references = ReadReferences(zip.GetEntry("Payments.AlipayPlus/Nop.Plugin.Payments.AlipayPlus.dll")!).ToDictionary(r => r.Name, r => r.Version);

        Assert.That(references["Nop.Core"], Is.EqualTo(new Version(4, 90, 0, 0)));
        Assert.That(references["Nop.Services"], Is.EqualTo(new Version(4, 90, 0, 0)));
        Assert.That(references["Nop.Web.Framework"], Is.EqualTo(new Version(4, 90, 0, 0)));
        Assert.That(references["FluentMigrator"], Is.EqualTo(new Version(7, 1, 0, 0)));
        Assert.That(references["FluentMigrator.Abstractions"], Is.EqualTo(new Version(7, 1, 0, 0)));
        Assert.That(references.Keys, Has.None.StartWith("linq2db"), "data access goes through IRepository only");
    }

    [Test]
    public void The_table_rejects_a_reference_above_the_store()
    {
        Assert.That(new Version(8, 0, 1, 0), Is.GreaterThan(HostAssemblies.MaxVersion("FluentMigrator.Abstractions")));
        Assert.That(new Version(10, 0, 0, 0), Is.GreaterThan(HostAssemblies.MaxVersion("Microsoft.Extensions.Http")));
        Assert.That(HostAssemblies.MaxVersion("Polly.Core"), Is.Null);
    }

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
