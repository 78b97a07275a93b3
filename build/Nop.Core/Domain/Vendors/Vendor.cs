namespace Nop.Core.Domain.Vendors;

public partial class Vendor : BaseEntity
{
    public string Name { get; set; }
}
