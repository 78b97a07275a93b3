// Compile-time slice of FluentMigrator.Abstractions 7.1.0 (see the .csproj). No behaviour.
namespace FluentMigrator.Infrastructure
{
    // The real interface re-declares GetType/GetHashCode/ToString/Equals to hide them; not needed here.
    public interface IFluentSyntax
    {
    }
}
