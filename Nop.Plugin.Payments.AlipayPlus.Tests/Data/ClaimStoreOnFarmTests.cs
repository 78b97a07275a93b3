using Nop.Plugin.Payments.AlipayPlus.Data;
using Nop.Plugin.Payments.AlipayPlus.Domain;
using Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;
using NUnit.Framework;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Data;

/// <summary>
/// The claims themselves, on two nodes sharing one PostgreSQL with a locker that never excludes: the unique index
/// alone decides who wins a claim and who takes over an abandoned one.
/// </summary>
public class ClaimStoreOnFarmTests
{
    private Farm _farm;

    [SetUp]
    public async Task SetUp() =>
        _farm = await Farm.StartAsync(new FarmOptions { Locking = FarmLocking.NeverExcluding });

    [TearDown]
    public async Task TearDown() => await _farm.DisposeAsync();

    [Test]
    public async Task Of_many_claims_of_one_key_on_two_nodes_at_once_exactly_one_wins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            _farm[i % 2].Get<ClaimStore>().TryClaimAsync("order-paid:7", 7, i)));

        Assert.That(results.Count(r => r.State == ClaimState.Won), Is.EqualTo(1));
        Assert.That(results.Count(r => r.State == ClaimState.Held), Is.EqualTo(15));
        Assert.That(await _farm.Repository<AlipayPlusClaim>().GetAllAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_abandoned_claim_is_taken_over_by_exactly_one_of_many_and_keeps_its_first_snapshot()
    {
        var first = await _farm[0].Get<ClaimStore>().TryClaimAsync("refund-booked:3", 7, 3, orderRefundedBefore: 12.5m);
        Assert.That(first.State, Is.EqualTo(ClaimState.Won));
        foreach (var node in _farm.Nodes)
            node.Clock.Advance(ClaimStore.Lease + TimeSpan.FromSeconds(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            _farm[i % 2].Get<ClaimStore>().TryClaimAsync("refund-booked:3", 7, 3, orderRefundedBefore: 99m)));

        var taker = results.Single(r => r.State == ClaimState.TakenOver);
        Assert.That(results.Count(r => r.State == ClaimState.Held), Is.EqualTo(15),
            "no plain insert wins a claim being taken over");
        Assert.That(taker.Claim.Id, Is.EqualTo(first.Claim.Id), "the same row, handed over");
        Assert.That(taker.Claim.OrderRefundedBefore, Is.EqualTo(12.5m),
            "what the first holder saw, so the taker can tell what it did");
        Assert.That(taker.Abandoned.ClaimedOnUtc,
            Is.EqualTo(first.Claim.ClaimedOnUtc).Within(TimeSpan.FromMilliseconds(1)));

        await _farm[1].Get<ClaimStore>().CompleteAsync(taker.Claim);
        var again = await _farm[0].Get<ClaimStore>().TryClaimAsync("refund-booked:3", 7, 3);
        Assert.That(again.State, Is.EqualTo(ClaimState.Completed));
    }
}
