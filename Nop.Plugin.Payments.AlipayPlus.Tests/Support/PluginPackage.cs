using System.Diagnostics;
using System.IO.Compression;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// Builds the installable zip exactly as the README's first command does (once per test run) and opens it.
/// </summary>
public static class PluginPackage
{
    private static readonly Lazy<string> _zipPath = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ZipPath => _zipPath.Value;

    public static ZipArchive Open() => ZipFile.OpenRead(ZipPath);

    private static string Build()
    {
        var output = Path.Combine(Path.GetTempPath(), $"alipayplus-package-{Guid.NewGuid():N}");
        var project = Path.Combine(RepositoryPaths.PluginProject, "Nop.Plugin.Payments.AlipayPlus.csproj");
        var start = new ProcessStartInfo("dotnet",
            $"publish \"{project}\" -c Release -p:PluginPackageDir=\"{output}\" -o " +
            $"\"{Path.Combine(output, "publish")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root
        };

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(true);
            throw new TimeoutException("dotnet publish of the plugin did not finish in 8 minutes.");
        }

        var zip = Path.Combine(output, "Payments.AlipayPlus.zip");
        if (process.ExitCode != 0 || !File.Exists(zip))
            throw new InvalidOperationException(
                $"dotnet publish failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");

        return zip;
    }
}
