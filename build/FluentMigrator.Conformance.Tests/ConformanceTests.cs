using System.Reflection;
using NUnit.Framework;

namespace FluentMigrator.Conformance.Tests;

[TestFixture]
public class ConformanceTests
{
    private const string Abstractions = "[FluentMigrator.Abstractions]";
    private const string Core = "[FluentMigrator]";

    private MetadataLoadContext _stubContext = null!;
    private MetadataLoadContext _realContext = null!;
    private Assembly[] _stubs = null!;
    private Assembly[] _reals = null!;
    private SortedSet<string> _stubSurface = null!;
    private SortedSet<string> _realSurface = null!;

    [OneTimeSetUp]
    public void LoadAssemblies()
    {
        _stubContext = ApiSurface.CreateContext(Assemblies.StubPaths);
        _realContext = ApiSurface.CreateContext(Assemblies.RealPaths);
        _stubs = Assemblies.StubPaths.Select(_stubContext.LoadFromAssemblyPath).ToArray();
        _reals = Assemblies.RealPaths.Select(_realContext.LoadFromAssemblyPath).ToArray();

        _stubSurface = ApiSurface.Describe(_stubs);
        var stubTypes = _stubs.SelectMany(a => a.GetExportedTypes()).Select(ApiSurface.FullName).ToHashSet();
        _realSurface = ApiSurface.Describe(_reals, stubTypes);
    }

    [OneTimeTearDown]
    public void Unload()
    {
        _stubContext?.Dispose();
        _realContext?.Dispose();
    }

    [Test]
    public void Stubs_AreVersion_7_1_0_0_WithTheRealNamesAndPublicKeyToken()
    {
        for (var i = 0; i < Assemblies.Names.Length; i++)
        {
            var stub = _stubs[i].GetName();
            var real = _reals[i].GetName();
            Assert.Multiple(() =>
            {
                Assert.That(stub.Name, Is.EqualTo(Assemblies.Names[i]));
                Assert.That(stub.Version, Is.EqualTo(new Version(7, 1, 0, 0)), stub.Name);
                Assert.That(stub.CultureName, Is.Empty, stub.Name);
                Assert.That(Convert.ToHexString(stub.GetPublicKeyToken() ?? []), Is.EqualTo("AACFC7DE5ACABF05"), stub.Name);
                Assert.That(stub.GetPublicKeyToken(), Is.EqualTo(real.GetPublicKeyToken()), stub.Name);
                Assert.That(AttributeValue(_stubs[i], typeof(AssemblyFileVersionAttribute)), Is.EqualTo("7.1.0.0"), stub.Name);
                Assert.That(AttributeValue(_stubs[i], typeof(AssemblyInformationalVersionAttribute)), Does.StartWith("7.1.0"), stub.Name);
                // The comparison is against the NuGet package, not against another copy of the stubs.
                Assert.That(real.Version, Is.EqualTo(new Version(8, 0, 1, 0)), real.Name);
            });
        }
    }

    [Test]
    public void StubFluentMigrator_ReferencesStubAbstractions_7_1_0_0()
    {
        var reference = _stubs[1].GetReferencedAssemblies().Single(r => r.Name == "FluentMigrator.Abstractions");
        Assert.That(reference.Version, Is.EqualTo(new Version(7, 1, 0, 0)));
        Assert.That(Convert.ToHexString(reference.GetPublicKeyToken() ?? []), Is.EqualTo("AACFC7DE5ACABF05"));
    }

    [Test]
    public void EveryStubApiElement_ExistsWithTheSameShapeInTheRealFluentMigrator()
    {
        var missing = ApiSurface.Missing(_stubSurface, _realSurface);
        TestContext.Out.WriteLine($"{_stubSurface.Count} stub API lines checked against {_realSurface.Count} real lines.");
        Assert.That(missing, Is.Empty,
            "Stub API not found as such in the real FluentMigrator 8.0.1:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    // What the plugin's migration uses, on the type that declares it in the real assembly. Guards
    // against an empty or partial stub surface passing the subset check vacuously.
    [TestCase(Core + "FluentMigrator.MigrationBase::Up(")]
    [TestCase(Core + "FluentMigrator.MigrationBase::Down(")]
    [TestCase(Core + "FluentMigrator.MigrationBase::get_Create(")]
    [TestCase(Core + "FluentMigrator.MigrationBase::get_Schema(")]
    [TestCase(Core + "FluentMigrator.Migration::get_Delete(")]
    [TestCase(Core + "FluentMigrator.AutoReversingMigration::Down(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.ICreateExpressionRoot::Table(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.ICreateExpressionRoot::Index(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.Table.ICreateTableWithColumnSyntax::WithColumn(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnTypeSyntax`1::AsInt32(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnTypeSyntax`1::AsInt64(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnTypeSyntax`1::AsGuid(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnTypeSyntax`1::AsString(System.Int32 size)")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnTypeSyntax`1::AsDateTime(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnTypeSyntax`1::AsDateTime2(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnTypeSyntax`1::AsBoolean(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnTypeSyntax`1::AsDecimal(System.Int32 size, System.Int32 precision)")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnOptionSyntax`2::PrimaryKey(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnOptionSyntax`2::Identity(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnOptionSyntax`2::NotNullable(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnOptionSyntax`2::Nullable(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.IColumnOptionSyntax`2::WithDefaultValue(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.Index.ICreateIndexForTableSyntax::OnTable(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.Index.ICreateIndexOnColumnSyntax::OnColumn(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.Index.ICreateIndexOnColumnSyntax::WithOptions(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.Index.ICreateIndexColumnOptionsSyntax::Ascending(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.Index.ICreateIndexOptionsSyntax::Unique(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.Index.ICreateIndexOptionsSyntax::NonClustered(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Schema.ISchemaExpressionRoot::Table(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Schema.Table.ISchemaTableSyntax::Exists(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Schema.Table.ISchemaTableSyntax::Column(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Schema.Column.ISchemaColumnSyntax::Exists(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.ICreateExpressionRoot::Column(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Create.Column.ICreateColumnOnTableSyntax::OnTable(")]
    [TestCase(Abstractions + "FluentMigrator.Builders.Delete.IDeleteExpressionRoot::Table(")]
    public void StubDeclares_WhatTheMigrationUses(string member)
    {
        Assert.That(_stubSurface.Count(l => l.StartsWith("method " + member, StringComparison.Ordinal)), Is.EqualTo(1),
            $"Expected exactly one stub method line starting with 'method {member}'.");
    }

    [Test]
    public void StubDeclares_MigrationAttribute_WithTheRealConstructorsAndProperties()
    {
        var t = Abstractions + "FluentMigrator.MigrationAttribute";
        Assert.That(_stubSurface, Does.Contain($"ctor {t}(System.Int64 version, System.String description) public"));
        Assert.That(_stubSurface, Does.Contain(
            $"ctor {t}(System.Int64 version, {Abstractions}FluentMigrator.TransactionBehavior transactionBehavior = Int32:0, System.String description = null) public"));
        Assert.That(_stubSurface, Does.Contain($"property {t}::Version[] : System.Int64 get=public set=none"));
        Assert.That(_stubSurface, Does.Contain($"property {t}::Description[] : System.String get=public set=none"));
        Assert.That(_stubSurface, Does.Contain($"attributeusage {t} (4, Inherited=False)"));
    }

    // The comparer must be able to fail: each of these takes a line of the real surface and makes
    // one deliberate mistake of the kind that would make the plugin's IL fail to bind at run time.
    [TestCase("WithColumn(System.String name)", "WithColumn(System.String columnName)", TestName = "WrongParameterName")]
    [TestCase("AsString(System.Int32 size)", "AsString(System.Int64 size)", TestName = "WrongParameterType")]
    [TestCase("::Exists() : System.Boolean", "::Exists() : System.Void", TestName = "WrongReturnType")]
    [TestCase("FluentMigrator.Builders.IColumnTypeSyntax`1::AsInt32(", "FluentMigrator.Builders.Create.Table.ICreateTableColumnAsTypeSyntax::AsInt32(", TestName = "WrongDeclaringInterface")]
    [TestCase("::AsGuid() : !0", "::AsGuid<!!0>() : !0", TestName = "WrongGenericArity")]
    [TestCase("[FluentMigrator.Abstractions]FluentMigrator.Builders.Delete.IDeleteExpressionRoot::", "[FluentMigrator]FluentMigrator.Builders.Delete.IDeleteExpressionRoot::", TestName = "WrongAssembly")]
    [TestCase("ICreateIndexMoreColumnOptionsSyntax : [FluentMigrator.Abstractions]FluentMigrator.Builders.Create.Index.ICreateIndexOnColumnSyntax", "ICreateIndexMoreColumnOptionsSyntax : [FluentMigrator.Abstractions]FluentMigrator.Builders.Create.Index.ICreateIndexOptionsSyntax", TestName = "WrongInheritance")]
    public void Comparer_ReportsADeliberatelyWrongSignature(string correct, string wrong)
    {
        var original = _realSurface.FirstOrDefault(l => l.Contains(correct, StringComparison.Ordinal));
        Assert.That(original, Is.Not.Null, $"No real line contains '{correct}'.");
        var mutated = original!.Replace(correct, wrong, StringComparison.Ordinal);
        Assert.That(mutated, Is.Not.EqualTo(original));

        var missing = ApiSurface.Missing([original, mutated], _realSurface);

        Assert.That(missing, Is.EqualTo(new[] { mutated }), "The comparer should report exactly the wrong line.");
    }

    [Test]
    public void Comparer_ReportsAStubTypeThatTheRealAssemblyLacks()
    {
        var line = $"type {Abstractions}FluentMigrator.Builders.INoSuchSyntax interface";
        Assert.That(ApiSurface.Missing([line], _realSurface), Is.EqualTo(new[] { line }));
    }

    private static string? AttributeValue(Assembly assembly, Type attributeType) =>
        assembly.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType.FullName == attributeType.FullName)?
            .ConstructorArguments[0].Value as string;
}
