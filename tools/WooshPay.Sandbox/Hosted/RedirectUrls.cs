namespace WooshPay.Sandbox.Hosted;

/// <summary>Builds where the shopper goes after the cashier, keeping the merchant's own query and fragment.</summary>
public static class RedirectUrls
{
    public static string AppendQuery(string url, IEnumerable<(string Key, string Value)> parameters)
    {
        var fragment = "";
        var hash = url.IndexOf('#');
        if (hash >= 0)
        {
            fragment = url[hash..];
            url = url[..hash];
        }

        var query = string.Join("&",
            parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var separator = !url.Contains('?') ? "?" : url.EndsWith('?') || url.EndsWith('&') ? "" : "&";
        return url + separator + query + fragment;
    }

    /// <summary>success_url may carry Stripe's {CHECKOUT_SESSION_ID} placeholder.</summary>
    public static string ForSession(string url, string sessionId) =>
        url.Replace("{CHECKOUT_SESSION_ID}", sessionId, StringComparison.Ordinal);
}
