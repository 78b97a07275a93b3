using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Database;
using Npgsql;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Data;

/// <summary>
/// The PostgreSQL the farm tests run on: the plugin's migrations through the real FluentMigrator, and the
/// repository behaving as nopCommerce's does over it.
/// </summary>
public class PostgresRepositoryTests
{
    private PostgresTestDatabase _database;

    [SetUp]
    public async Task SetUp() => _database = await PostgresTestDatabase.CreateAsync();

    [TearDown]
    public async Task TearDown()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Test]
    public async Task The_migrations_create_the_four_tables_in_postgresql()
    {
        var tables = await _database.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE " +
            "'AlipayPlus%'");

        Assert.That(tables, Is.EquivalentTo(new[]
        {
            nameof(AlipayPlusPayment), nameof(AlipayPlusRefund), nameof(AlipayPlusWebhookEvent), nameof(AlipayPlusClaim)
        }));
    }

    [Test]
    public async Task Every_plugin_entity_is_mapped_to_a_table_with_its_columns()
    {
        foreach (var table in MappedTable.PluginEntities)
        {
            var columns = await _database.QueryAsync<string>(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = " +
                $"'{table.Table}'");
            Assert.That(columns, Is.EquivalentTo(table.Columns.Select(c => c.Name)), table.Table);
        }
    }

    [Test]
    public async Task A_duplicate_claim_key_is_refused_by_the_unique_index()
    {
        var claims = _database.Repository<AlipayPlusClaim>();
        await claims.InsertAsync(Claim("order-paid:5"));

        var duplicate = Assert.ThrowsAsync<PostgresException>(() => claims.InsertAsync(Claim("order-paid:5")));

        Assert.That(duplicate.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
        Assert.That(await claims.GetAllAsync(q => q.Where(c => c.ClaimKey == "order-paid:5")), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Insert_sets_the_id_from_the_identity_and_update_writes_by_id()
    {
        var claims = _database.Repository<AlipayPlusClaim>();
        var first = Claim("a");
        var second = Claim("b");
        await claims.InsertAsync(first);
        await claims.InsertAsync(second);

        second.CompletedOnUtc = new DateTime(2026, 12, 1, 12, 30, 0, DateTimeKind.Utc);
        await claims.UpdateAsync(second);

        Assert.That(second.Id, Is.EqualTo(first.Id + 1));
        var read = await claims.GetByIdAsync(second.Id);
        Assert.That(read, Is.Not.SameAs(second));
        Assert.That(read.CompletedOnUtc, Is.EqualTo(second.CompletedOnUtc));
        Assert.That((await claims.GetByIdAsync(first.Id)).CompletedOnUtc, Is.Null);
    }

    [Test]
    public async Task Delete_by_predicate_returns_the_rows_it_deleted()
    {
        var claims = _database.Repository<AlipayPlusClaim>();
        foreach (var key in new[] { "order-paid:1", "order-paid:2", "refund:1" })
            await claims.InsertAsync(Claim(key));

        var deleted = await claims.DeleteAsync(c => c.ClaimKey.StartsWith("order-paid:"));

        Assert.That(deleted, Is.EqualTo(2));
        Assert.That(claims.Table.Select(c => c.ClaimKey).ToList(), Is.EqualTo(new[] { "refund:1" }));
    }

    [Test]
    public async Task The_flow_is_stored_as_its_flow_id()
    {
        var payments = _database.Repository<AlipayPlusPayment>();
        var payment = new AlipayPlusPayment
        {
            StoreId = 1, OrderId = 5, OrderGuid = Guid.NewGuid(), Attempt = 1, Flow = PaymentFlow.CheckoutSession,
            Currency = "HKD", AmountMinor = 100, Status = PaymentRecordStatus.Creating, CreatedOnUtc = DateTime.UtcNow,
            UpdatedOnUtc = DateTime.UtcNow
        };
        await payments.InsertAsync(payment);

        Assert.That((await payments.GetByIdAsync(payment.Id)).Flow, Is.EqualTo(PaymentFlow.CheckoutSession));
        Assert.That(await _database.QueryAsync<int>(
            $"SELECT \"FlowId\" FROM \"AlipayPlusPayment\" WHERE \"Id\" = {payment.Id}"), Is.EqualTo(new[] { 1 }));
    }

    private static AlipayPlusClaim Claim(string key) => new()
    {
        ClaimKey = key, OrderId = 5, SubjectId = 1, OrderRefundedBefore = 0, ClaimedOnUtc = DateTime.UtcNow
    };
}
