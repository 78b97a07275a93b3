namespace Nop.Web.Framework.Models;

public partial record BaseNopModel
{
    public BaseNopModel()
    {
        CustomProperties = new Dictionary<string, string>();
    }

    public Dictionary<string, string> CustomProperties { get; set; }
}
