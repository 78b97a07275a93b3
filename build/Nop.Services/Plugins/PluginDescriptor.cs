namespace Nop.Services.Plugins;

public partial class PluginDescriptor;
