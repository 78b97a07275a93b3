namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support.Farm;

/// <summary>
/// Where a node's call into nopCommerce can be made to die (<see cref="FarmNode.CrashOn"/>). "After" steps die once
/// the write is in the database, which is the crash that hurts: the effect happened, the caller never learnt it.
/// </summary>
public enum FarmStep
{
    BeforeMarkOrderAsPaid,
    AfterMarkOrderAsPaid,
    BeforeRefundOffline,
    AfterRefundOffline,
    BeforePartiallyRefundOffline,
    AfterPartiallyRefundOffline,
    BeforeCancelOrder,
    AfterCancelOrder,
    BeforeUpdateOrder,
    AfterUpdateOrder,
    AfterInsertOrderNote,

    /// <summary>The payment method answered the admin's refund; nopCommerce
    /// has not counted it on the order yet.</summary>
    BeforeNopCommerceCountsRefund,

    /// <summary>nopCommerce wrote the refunded amount; it has not published OrderRefundedEvent yet.</summary>
    BeforeOrderRefundedEvent
}

/// <summary>A repository write that can be made to die (<see cref="FarmNode.CrashOnWrite{TEntity}"/>).</summary>
public enum RepositoryWrite
{
    Insert,
    Update,
    Delete
}

public enum CrashMoment
{
    /// <summary>Dies before the row is written: nothing reached the database.</summary>
    BeforeWrite,

    /// <summary>Dies after the row is written: the row is there, the caller never learns it.</summary>
    AfterWrite
}

/// <summary>
/// The node "died" here. Thrown from inside nopCommerce's services or a repository, so the plugin's code sees it as
/// it would see the process going away, except that code catching every exception can carry on: a test that needs
/// the node to stay dead checks <see cref="FarmNode.Crashes"/> and stops using the node.
/// </summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException(string node, string where)
        : base($"Simulated crash of {node} {where}.")
    {
        Node = node;
        Where = where;
    }

    public string Node { get; }

    public string Where { get; }
}
