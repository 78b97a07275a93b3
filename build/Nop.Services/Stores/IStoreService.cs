using Nop.Core.Domain.Stores;

namespace Nop.Services.Stores;

public partial interface IStoreService
{
    Task<Store> GetStoreByIdAsync(int storeId);

    Task<IList<Store>> GetAllStoresAsync();
}
