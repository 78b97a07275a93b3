using System.Text;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Packaging;

/// <summary>
/// .editorconfig keeps C# and Razor lines to 120 characters so a file fits on a screen beside another one; the
/// editor only suggests it, so this test holds the plugin, its tests and the tools to it.
/// </summary>
public class SourceLayoutTests
{
    private const int MaxLineLength = 120;

    private static readonly string[] Folders =
        ["Nop.Plugin.Payments.AlipayPlus", "Nop.Plugin.Payments.AlipayPlus.Tests", "tools"];

    // Build output and what .gitignore leaves out of the repository.
    private static readonly HashSet<string> SkippedFolders =
        new(["bin", "obj", "dist", "artifacts", "TestResults"], StringComparer.OrdinalIgnoreCase);

    // Verbatim copies of the WooshPay guide's bodies, two of whose URLs are longer than a line.
    private static readonly string[] SkippedFiles = [Path.Combine("tools", "WooshPay.Seed", "SeedBodies.cs")];

    [Test]
    public void Every_source_line_fits_in_120_characters()
    {
        var files = Folders.SelectMany(folder => SourceFiles(Path.Combine(RepositoryPaths.Root, folder)))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path))
            .Where(path => !SkippedFiles.Contains(path))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();

        var tooLong = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, file), Encoding.UTF8);
            for (var i = 0; i < lines.Length; i++)
            {
                // Characters, not UTF-16 units or bytes: a Chinese text or an emoji counts as what it shows.
                var length = lines[i].EnumerateRunes().Count();
                if (length > MaxLineLength)
                    tooLong.Add($"{file.Replace('\\', '/')}:{i + 1} ({length} characters)");
            }
        }

        Assert.That(files, Has.Some.EndsWith(".cshtml"), "the plugin's views are among the files read");
        Assert.That(tooLong, Is.Empty,
            $"{tooLong.Count} lines over {MaxLineLength} characters:{Environment.NewLine}" +
            string.Join(Environment.NewLine, tooLong));
    }

    private static IEnumerable<string> SourceFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".cshtml", StringComparison.Ordinal))
                yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            if (SkippedFolders.Contains(Path.GetFileName(child)))
                continue;
            foreach (var file in SourceFiles(child))
                yield return file;
        }
    }
}
