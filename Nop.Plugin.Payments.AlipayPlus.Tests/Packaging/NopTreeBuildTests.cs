using System.Diagnostics;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Packaging;

/// <summary>
/// The project placed in a nopCommerce source tree (src/Plugins/&lt;folder&gt;) must build like nopCommerce's own
/// plugins: against the tree's Nop.Web, into Presentation/Nop.Web/Plugins/Payments.AlipayPlus, and for the target
/// framework the tree's src/Directory.Build.props sets. A hard-coded net9.0 made restore fail with NU1201
/// ("Nop.Web is not compatible with net9.0") in a tree built for another framework (found in a real store tree
/// retargeted to net10.0). These tests only evaluate the project with MSBuild; nothing is restored or built.
/// </summary>
public class NopTreeBuildTests
{
    private string _tree;

    [SetUp]
    public void SetUp()
    {
        _tree = Path.Combine(Path.GetTempPath(), $"alipayplus-noptree-{Guid.NewGuid():N}");
        var src = Path.Combine(_tree, "src");
        Directory.CreateDirectory(Path.Combine(src, "Presentation", "Nop.Web"));
        File.WriteAllText(Path.Combine(src, "Presentation", "Nop.Web", "Nop.Web.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        File.WriteAllText(Path.Combine(src, "Directory.Build.props"),
            "<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        var pluginDir = Path.Combine(src, "Plugins", "AlipayPlus", "Nop.Plugin.Payments.AlipayPlus");
        Directory.CreateDirectory(pluginDir);
        File.Copy(Path.Combine(RepositoryPaths.PluginProject, "Nop.Plugin.Payments.AlipayPlus.csproj"),
            Path.Combine(pluginDir, "Nop.Plugin.Payments.AlipayPlus.csproj"));
    }

    [TearDown]
    public void TearDown()
    {
        try { Directory.Delete(_tree, true); } catch (IOException) { }
    }

    [Test]
    public void Inside_a_nopCommerce_tree_the_plugin_follows_the_trees_framework_and_output_folder()
    {
        var project = Path.Combine(_tree, "src", "Plugins", "AlipayPlus", "Nop.Plugin.Payments.AlipayPlus",
            "Nop.Plugin.Payments.AlipayPlus.csproj");

        var properties = Evaluate(project);

        Assert.That(properties["TargetFramework"], Is.EqualTo("net10.0"));
        Assert.That(Path.GetFullPath(properties["NopRoot"]), Is.EqualTo(Path.GetFullPath(Path.Combine(_tree, "src"))));
        Assert.That(properties["OutDir"].Replace('\\', '/').TrimEnd('/'),
            Does.EndWith("Presentation/Nop.Web/Plugins/Payments.AlipayPlus"));
    }

    [Test]
    public void On_its_own_the_plugin_targets_net9_like_nopCommerce_4_90()
    {
        var properties = Evaluate(Path.Combine(RepositoryPaths.PluginProject, "Nop.Plugin.Payments.AlipayPlus.csproj"));

        Assert.That(properties["TargetFramework"], Is.EqualTo("net9.0"));
        Assert.That(properties["NopRoot"], Is.Empty);
    }

    private static Dictionary<string, string> Evaluate(string project)
    {
        var names = new[] { "TargetFramework", "NopRoot", "OutDir" };
        var start = new ProcessStartInfo("dotnet",
            $"msbuild \"{project}\" -nologo {string.Join(" ", names.Select(n => "-getProperty:" + n))}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(project)!
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(true);
            throw new TimeoutException("dotnet msbuild -getProperty did not finish in 2 minutes.");
        }
        Assert.That(process.ExitCode, Is.Zero, stdout.Result + stderr.Result);

        using var json = System.Text.Json.JsonDocument.Parse(stdout.Result);
        var found = json.RootElement.GetProperty("Properties");
        return names.ToDictionary(n => n, n => found.GetProperty(n).GetString() ?? "");
    }
}
