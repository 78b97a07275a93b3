namespace Nop.Core.Domain.Localization;

public partial class Language : BaseEntity
{
    public string Name { get; set; }

    public string LanguageCulture { get; set; }

    public bool Published { get; set; }
}
