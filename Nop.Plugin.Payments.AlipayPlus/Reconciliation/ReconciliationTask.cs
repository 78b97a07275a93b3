using Nop.Plugin.Payments.AlipayPlus.Reconciliation;
using Nop.Services.ScheduleTasks;

// Kept in the old Services namespace: installed shops store this full type name in their ScheduleTask row
// (AlipayPlusDefaults.ReconciliationTask.Type), and nopCommerce resolves the task by it.
namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// nopCommerce's schedule task that runs reconciliation; installed and removed with the plugin.
/// </summary>
public class ReconciliationTask : IScheduleTask
{
    private readonly ReconciliationService _reconciliationService;

    public ReconciliationTask(ReconciliationService reconciliationService)
    {
        _reconciliationService = reconciliationService;
    }

    public Task ExecuteAsync()
    {
        return _reconciliationService.RunAsync();
    }
}
