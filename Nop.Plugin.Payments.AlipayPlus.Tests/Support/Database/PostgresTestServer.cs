namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;

/// <summary>
/// The PostgreSQL server the database tests create their databases on. tools/run-tests.sh starts a private
/// cluster for the run and names it in <see cref="VariableName"/>; the tests never start one themselves, so a
/// server left behind by a killed test host cannot happen.
/// </summary>
public static class PostgresTestServer
{
    public const string VariableName = "ALIPAYPLUS_TEST_POSTGRES";

    /// <summary>
    /// The server's connection string (its maintenance database); a test reaching it without one fails with what to do.
    /// </summary>
    public static string ConnectionString
    {
        get
        {
            var connectionString = Environment.GetEnvironmentVariable(VariableName);
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException(
                    $"{VariableName} is not set, so there is no PostgreSQL for this test. Run the tests with " +
                    "'bash tools/run-tests.sh' (it starts a private PostgreSQL and sets it), or set " +
                    $"{VariableName} to a server's connection string, e.g. " +
                    "'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres;Pooling=true' " +
                    "(the tests create and drop databases named alipayplus_<guid> there).");
            return connectionString;
        }
    }
}
