namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// What a stock nopCommerce 4.90.3 store already loads, with the highest version a plugin may reference
/// (from its project files: .NET 9 shared framework, FluentMigrator 7.1.0, linq2db 5.4.1, ...).
/// </summary>
public static class HostAssemblies
{
    public static readonly IReadOnlyList<(string Prefix, Version Max)> Table =
    [
        ("Nop.", new Version(4, 90, 0, 0)),
        ("FluentMigrator", new Version(7, 1, 0, 0)),
        ("linq2db", new Version(5, 4, 1, 0)),
        ("FluentValidation", new Version(11, 999, 999, 999)),
        ("AutoMapper", new Version(14, 0, 0, 0)),
        ("Autofac.Extensions.DependencyInjection", new Version(10, 0, 0, 0)),
        ("Autofac", new Version(8, 999, 999, 999)),
        ("Newtonsoft.Json", new Version(13, 0, 0, 0)),
        ("Npgsql", new Version(9, 0, 3, 0)),
        ("Microsoft.AspNetCore.", new Version(9, 0, 0, 0)),
        ("Microsoft.Extensions.", new Version(9, 0, 0, 0)),
        ("Microsoft.Net.Http.Headers", new Version(9, 0, 0, 0)),
        ("Microsoft.JSInterop", new Version(9, 0, 0, 0)),
        ("System.", new Version(9, 0, 0, 0)),
        ("Microsoft.Win32.", new Version(9, 0, 0, 0)),
        ("Microsoft.CSharp", new Version(9, 0, 0, 0)),
        ("Microsoft.VisualBasic", new Version(10, 0, 0, 0)),
        ("mscorlib", new Version(4, 0, 0, 0)),
        ("netstandard", new Version(2, 1, 0, 0))
    ];

    // Assemblies the store itself provides; a copy in the plugin folder would shadow or clash with the store's.
    private static readonly string[] _hostPrefixes = ["Nop.", "FluentMigrator", "linq2db", "FluentValidation",
        "AutoMapper", "Autofac", "Newtonsoft.Json", "Npgsql", "Microsoft.AspNetCore.", "System.", "netstandard",
        "mscorlib"];

    // Microsoft.Extensions.* libraries of the ASP.NET Core 9 shared
    // framework (resilience and telemetry ones are not in it).
    private static readonly string[] _frameworkExtensions =
    [
        "Microsoft.Extensions.Caching.", "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection.dll", "Microsoft.Extensions.DependencyInjection.Abstractions",
        "Microsoft.Extensions.Diagnostics.dll", "Microsoft.Extensions.Diagnostics.Abstractions",
        "Microsoft.Extensions.FileProviders", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Http.dll",
        "Microsoft.Extensions.Logging", "Microsoft.Extensions.ObjectPool", "Microsoft.Extensions.Options",
        "Microsoft.Extensions.Primitives"
    ];

    public static bool IsHostOrFramework(string fileName)
    {
        return _hostPrefixes.Any(prefix => fileName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            || _frameworkExtensions.Any(prefix => fileName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    /// <returns>The highest version the store allows for this assembly
    /// name, or null when the store does not load it.</returns>
    public static Version MaxVersion(string assemblyName)
    {
        return Table.FirstOrDefault(row => assemblyName.StartsWith(row.Prefix, StringComparison.OrdinalIgnoreCase)
            || assemblyName.Equals(row.Prefix.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)).Max;
    }
}
