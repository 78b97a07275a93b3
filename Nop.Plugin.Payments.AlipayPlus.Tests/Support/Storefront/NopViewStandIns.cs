using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.DependencyInjection;
using Nop.Services.Localization;
using Nop.Web.Framework.Localization;

// What the plugin's views take from nopCommerce's Nop.Web.Framework at run time, where the store compiles them: the
// page base with T, the localized string, the HTML helper for the title and the namespaces _ViewImports names. The
// build slice leaves them out (the plugin's code never uses them), so the storefront test bed declares just as much
// of them, under the same names, as the views use. Each member mirrors nopCommerce 4.90.3's signature.

namespace Nop.Web.Framework.Localization
{
    public delegate LocalizedString Localizer(string text, params object[] args);

    public class LocalizedString : HtmlString
    {
        public LocalizedString(string localized) : base(localized)
        {
            Text = localized;
        }

        public string Text { get; }
    }
}

namespace Nop.Web.Framework.Mvc.Razor
{
    public abstract class NopRazorPage<TModel> : Microsoft.AspNetCore.Mvc.Razor.RazorPage<TModel>
    {
        private Localizer _localizer;

        public Localizer T => _localizer ??= (format, args) =>
        {
            var resources = Context.RequestServices.GetRequiredService<ILocalizationService>();
            // nopCommerce's page base blocks on the lookup the same way
            // (T is synchronous); the test bed's answers at once.
            var text = resources.GetResourceAsync(format).GetAwaiter().GetResult();
            if (string.IsNullOrEmpty(text))
                return new LocalizedString(format);
            return new LocalizedString(args is null || args.Length == 0 ? text : string.Format(text, args));
        };
    }
}

namespace Nop.Web.Framework.UI
{
    public interface INopHtmlHelper
    {
        void AddTitleParts(string part);

        void AppendPageCssClassParts(string part);
    }

    /// <summary>Collects what a view asks for, for the test bed's layout
    /// to write into the title and the html element.</summary>
    public sealed class StorefrontHtml : INopHtmlHelper
    {
        private readonly List<string> _titleParts = [];
        private readonly List<string> _pageClasses = [];

        public void AddTitleParts(string part) => _titleParts.Add(part);

        public void AppendPageCssClassParts(string part) => _pageClasses.Add(part);

        public string Title(string storeName) => string.Join(". ", new[] { storeName }.Concat(_titleParts));

        public string PageClasses => string.Join(' ', _pageClasses);
    }
}

namespace Nop.Web.Framework.Extensions
{
    /// <summary>Only so the namespace the plugin's _ViewImports names exists here.</summary>
    public static class StorefrontNamespace;
}
