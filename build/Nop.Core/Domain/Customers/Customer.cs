namespace Nop.Core.Domain.Customers;

public partial class Customer : BaseEntity
{
    public Guid CustomerGuid { get; set; }

    public string Email { get; set; }
}
