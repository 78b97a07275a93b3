using System.Reflection;
using System.Runtime.InteropServices;

namespace FluentMigrator.Conformance.Tests;

/// <summary>
/// Describes the public (and protected) API of assemblies read in a <see cref="MetadataLoadContext"/>
/// as one line per element: each type (kind, base type, generic parameters and constraints), each
/// interface it implements, its AttributeUsage, and each declared constructor, method, property, field
/// and event (declaring type, name, generic arity, parameter types and names, default values, return
/// type, modifiers). Types of FluentMigrator* assemblies are written with their assembly name, so a type
/// declared in the wrong assembly does not match. A stub conforms when every line of its surface is
/// also a line of the real assembly's surface.
/// </summary>
public static class ApiSurface
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>A context that resolves the given assemblies plus the running runtime's own.</summary>
    public static MetadataLoadContext CreateContext(params string[] assemblyPaths)
    {
        var given = assemblyPaths.Select(Path.GetFullPath).ToList();
        var givenNames = given.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var runtime = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Where(p => !givenNames.Contains(Path.GetFileName(p)));
        return new MetadataLoadContext(new PathAssemblyResolver(runtime.Concat(given)));
    }

    /// <summary>The surface of all public types of <paramref name="assemblies"/>, or only of those
    /// whose full name is in <paramref name="onlyTypes"/> (looked up in any of the assemblies).</summary>
    public static SortedSet<string> Describe(IEnumerable<Assembly> assemblies, ISet<string>? onlyTypes = null)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            IEnumerable<Type> types = onlyTypes is null
                ? assembly.GetExportedTypes()
                : onlyTypes.Select(n => assembly.GetType(n, throwOnError: false)).OfType<Type>().Where(IsVisible);
            foreach (var type in types)
                DescribeType(type, lines);
        }
        return lines;
    }

    /// <summary>The lines of <paramref name="stub"/> that are not in <paramref name="real"/>.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> stub, IEnumerable<string> real)
    {
        var realSet = real as ISet<string> ?? new HashSet<string>(real, StringComparer.Ordinal);
        return stub.Where(line => !realSet.Contains(line)).ToList();
    }

    public static string FullName(Type type) => type.FullName ?? type.Name;

    private static bool IsVisible(Type type) =>
        type.IsPublic || (type.IsNestedPublic && type.DeclaringType is { } d && IsVisible(d));

    private static void DescribeType(Type type, ISet<string> lines)
    {
        var t = Format(type);
        var kind = type.IsInterface ? "interface"
            : type.IsEnum ? "enum"
            : type.IsValueType ? "struct"
            : typeof(MulticastDelegate).FullName == type.BaseType?.FullName ? "delegate"
            : "class";
        var mods = (type.IsAbstract && !type.IsInterface ? " abstract" : "") + (type.IsSealed && !type.IsValueType ? " sealed" : "");
        var baseType = type.BaseType is { } b && !type.IsInterface ? " : " + Format(b) : "";
        lines.Add($"type {t}{GenericParameters(type.IsGenericTypeDefinition ? type.GetGenericArguments() : [])} {kind}{mods}{baseType}");

        foreach (var iface in type.GetInterfaces())
            lines.Add($"implements {t} : {Format(iface)}");

        foreach (var usage in type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == typeof(AttributeUsageAttribute).FullName))
        {
            var args = usage.ConstructorArguments.Select(a => $"{a.Value}")
                .Concat(usage.NamedArguments.Select(a => $"{a.MemberName}={a.TypedValue.Value}"));
            lines.Add($"attributeusage {t} ({string.Join(", ", args)})");
        }

        foreach (var member in type.GetMembers(Declared))
        {
            var line = member switch
            {
                ConstructorInfo c when IsVisible(c) => $"ctor {t}({Parameters(c)}){Modifiers(c)}",
                MethodInfo m when IsVisible(m) =>
                    $"method {t}::{m.Name}{GenericParameters(m.IsGenericMethodDefinition ? m.GetGenericArguments() : [])}" +
                    $"({Parameters(m)}) : {Format(m.ReturnType)}{Modifiers(m)}",
                PropertyInfo p when IsVisible(p.GetMethod) || IsVisible(p.SetMethod) =>
                    $"property {t}::{p.Name}[{string.Join(", ", p.GetIndexParameters().Select(Parameter))}] : {Format(p.PropertyType)}" +
                    $" get={Access(p.GetMethod)} set={Access(p.SetMethod)}",
                FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly =>
                    $"field {t}::{f.Name} : {Format(f.FieldType)}{(f.IsStatic ? " static" : "")}{(f.IsInitOnly ? " readonly" : "")}" +
                    (f.IsLiteral ? $" const={f.GetRawConstantValue()}" : ""),
                EventInfo e when IsVisible(e.AddMethod) => $"event {t}::{e.Name} : {Format(e.EventHandlerType!)}",
                _ => null,
            };
            if (line is not null)
                lines.Add(line);
        }
    }

    private static bool IsVisible(MethodBase? m) => m is not null && (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly);

    private static string Access(MethodBase? m) =>
        m is null ? "none" : m.IsPublic ? "public" : m.IsFamily || m.IsFamilyOrAssembly ? "protected" : "none";

    private static string Modifiers(MethodBase m)
    {
        var s = " " + Access(m);
        if (m.IsStatic) s += " static";
        if (m.IsAbstract) s += " abstract";
        if (m.IsVirtual) s += " virtual";
        if (m.IsFinal) s += " final";
        if ((m.Attributes & MethodAttributes.VtableLayoutMask) == MethodAttributes.NewSlot) s += " newslot";
        return s;
    }

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(Parameter));

    private static string Parameter(ParameterInfo p)
    {
        var s = Format(p.ParameterType) + " " + p.Name;
        if (p.IsOut) s = "out " + s;
        if (p.GetCustomAttributesData().Any(a => a.AttributeType.FullName == typeof(ParamArrayAttribute).FullName)) s = "params " + s;
        if (p.IsOptional || p.HasDefaultValue) s += " = " + (p.HasDefaultValue ? FormatValue(p.RawDefaultValue) : "<optional>");
        return s;
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        _ => $"{value.GetType().Name}:{value}",
    };

    private static string GenericParameters(Type[] parameters)
    {
        if (parameters.Length == 0)
            return "";
        return "<" + string.Join(", ", parameters.Select(p =>
        {
            var a = p.GenericParameterAttributes;
            var s = Format(p);
            if ((a & GenericParameterAttributes.Covariant) != 0) s = "out " + s;
            if ((a & GenericParameterAttributes.Contravariant) != 0) s = "in " + s;
            var constraints = new List<string>();
            if ((a & GenericParameterAttributes.ReferenceTypeConstraint) != 0) constraints.Add("class");
            if ((a & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0) constraints.Add("struct");
            if ((a & GenericParameterAttributes.DefaultConstructorConstraint) != 0) constraints.Add("new()");
            constraints.AddRange(p.GetGenericParameterConstraints().Select(Format).Order(StringComparer.Ordinal));
            return constraints.Count == 0 ? s : $"{s} : {string.Join(" & ", constraints)}";
        })) + ">";
    }

    /// <summary>A type as it appears in a signature; generic parameters by position (!0 of the type, !!0 of the method).</summary>
    public static string Format(Type type)
    {
        if (type.IsGenericParameter)
            return (type.DeclaringMethod is not null ? "!!" : "!") + type.GenericParameterPosition;
        if (type.IsByRef)
            return Format(type.GetElementType()!) + "&";
        if (type.IsPointer)
            return Format(type.GetElementType()!) + "*";
        if (type.IsArray)
            return Format(type.GetElementType()!) + (type.IsSZArray ? "[]" : "[" + new string(',', type.GetArrayRank() - 1) + "]");
        if (type.IsConstructedGenericType)
            return Format(type.GetGenericTypeDefinition()) + "<" + string.Join(", ", type.GetGenericArguments().Select(Format)) + ">";
        if (type.IsNested)
            return Format(type.DeclaringType!) + "+" + type.Name;
        var assembly = type.Assembly.GetName().Name ?? "";
        return (assembly.StartsWith("FluentMigrator", StringComparison.Ordinal) ? "[" + assembly + "]" : "") + FullName(type);
    }
}
