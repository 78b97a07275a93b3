using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Payments.AlipayPlus.Services;

/// <summary>
/// nopCommerce's schedule task that runs reconciliation; installed and removed with the plugin.
/// </summary>
public class ReconciliationTask : IScheduleTask
{
    private readonly IReconciliationService _reconciliationService;

    public ReconciliationTask(IReconciliationService reconciliationService)
    {
        _reconciliationService = reconciliationService;
    }

    public Task ExecuteAsync()
    {
        return _reconciliationService.RunAsync();
    }
}
