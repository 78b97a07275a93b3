namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// Finds the repository from the test binaries, so tests can read sources and build outputs.
/// </summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string PluginProject => Path.Combine(Root, "Nop.Plugin.Payments.AlipayPlus");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Plugins.sln")))
            directory = directory.Parent;

        return directory?.FullName
            ?? throw new InvalidOperationException("The repository root (with Plugins.sln) was not found above " +
                AppContext.BaseDirectory);
    }
}
