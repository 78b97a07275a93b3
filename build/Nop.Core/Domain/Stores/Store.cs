namespace Nop.Core.Domain.Stores;

public partial class Store : BaseEntity
{
    public string Name { get; set; }

    public string Url { get; set; }

    public bool SslEnabled { get; set; }
}
