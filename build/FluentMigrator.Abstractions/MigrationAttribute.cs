// Compile-time slice of FluentMigrator.Abstractions 7.1.0 (see the .csproj). No behaviour.
using System;

namespace FluentMigrator
{
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public class MigrationAttribute : Attribute
    {
        public MigrationAttribute(long version, string description)
        {
        }

        public MigrationAttribute(long version, TransactionBehavior transactionBehavior = TransactionBehavior.Default, string description = null)
        {
        }

        public long Version { get; }

        public string Description { get; }
    }

    public enum TransactionBehavior
    {
        Default = 0,
        None = 1,
    }
}
