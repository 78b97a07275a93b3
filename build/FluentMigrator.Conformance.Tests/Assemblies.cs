using System.Reflection;

namespace FluentMigrator.Conformance.Tests;

/// <summary>Where the stub and the real FluentMigrator assemblies are.</summary>
public static class Assemblies
{
    public static readonly string[] Names = ["FluentMigrator.Abstractions", "FluentMigrator"];

    /// <summary>The stubs' build output, baked in by the .csproj (AddFluentMigratorStubPaths).</summary>
    public static string StubPath(string name)
    {
        var key = "FluentMigratorStub:" + name;
        var path = typeof(Assemblies).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(path))
            throw new InvalidOperationException($"No AssemblyMetadata '{key}': the .csproj did not record the stub's path.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Stub assembly {name} not built at {path}.", path);
        return path;
    }

    /// <summary>The real FluentMigrator from NuGet, copied next to the test assembly.</summary>
    public static string RealPath(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Real assembly {name} not found at {path}.", path);
        return path;
    }

    public static string[] StubPaths => Names.Select(StubPath).ToArray();

    public static string[] RealPaths => Names.Select(RealPath).ToArray();
}
