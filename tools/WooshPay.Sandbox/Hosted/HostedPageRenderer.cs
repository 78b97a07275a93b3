using System.Text;
using System.Text.Encodings.Web;
using WooshPay.Sandbox.Core;

namespace WooshPay.Sandbox.Hosted;

/// <summary>
/// Plain server-rendered cashier page with no external assets. Element ids and data-testid values
/// are part of the contract for browser tests: wallet-{TestId}, pay, fail, cancel, amount, status.
/// </summary>
public static class HostedPageRenderer
{
    public sealed record Model(
        string Kind,
        string ObjectId,
        string ActionBase,
        long Amount,
        string Currency,
        string Status,
        bool Payable,
        string? Description,
        string? Notice);

    public static string Render(Model m)
    {
        var h = HtmlEncoder.Default;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Alipay+ cashier · WooshPay sandbox</title><style>")
            .Append("body{font-family:system-ui,sans-serif;background:#f4f6fb;margin:0;padding:2rem;color:#1b1f2a}")
            .Append("main{max-width:28rem;margin:auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 " +
                "2px 10px #0002}")
            .Append(".amount{font-size:2rem;font-weight:600;margin:.5rem 0}.muted{color:#667}")
            .Append("button{display:block;width:100%;margin:.4rem 0;padding:.75rem;border-radius:8px;border:1px " +
                "solid #1677ff;font-size:1rem;cursor:pointer}")
            .Append(".wallet{background:#1677ff;color:#fff}.secondary{background:#fff;color:#1677ff}" +
                ".danger{border-color:#c33;color:#c33;background:#fff}")
            .Append("</style></head><body>");
        sb.Append($"<main id=\"cashier\" data-testid=\"cashier\" data-kind=\"{h.Encode(m.Kind)}\" " +
            $"data-object-id=\"{h.Encode(m.ObjectId)}\" data-status=\"{h.Encode(m.Status)}\">");
        sb.Append("<p class=\"muted\">WooshPay sandbox · Alipay+</p>");
        sb.Append("<div class=\"amount\" id=\"amount\" " +
            $"data-testid=\"amount\">{h.Encode(Currencies.Format(m.Amount, m.Currency))}</div>");
        if (!string.IsNullOrEmpty(m.Description))
            sb.Append($"<p id=\"description\" data-testid=\"description\">{h.Encode(m.Description)}</p>");
        sb.Append($"<p class=\"muted\">Reference <code data-testid=\"object-id\">{h.Encode(m.ObjectId)}</code></p>");
        if (m.Notice is not null)
            sb.Append($"<p id=\"notice\" data-testid=\"notice\" role=\"alert\">{h.Encode(m.Notice)}</p>");

        if (!m.Payable)
        {
            sb.Append("<p id=\"status\" data-testid=\"status\">This payment is no longer payable: status " +
                $"<strong>{h.Encode(m.Status)}</strong>.</p>");
        }
        else
        {
            // Only the wallets whose limits take the amount, as the Alipay+ cashier offers them.
            var wallets = Currencies.WalletsTaking(m.Currency, m.Amount);
            sb.Append($"<form method=\"post\" action=\"{h.Encode(m.ActionBase)}/pay\" id=\"pay-form\">");
            sb.Append("<p>Choose a wallet to pay with:</p><div id=\"wallets\" data-testid=\"wallets\">");
            foreach (var w in wallets)
            {
                sb.Append($"<button type=\"submit\" class=\"wallet\" name=\"wallet\" value=\"{h.Encode(w.Name)}\" ")
                    .Append($"id=\"wallet-{h.Encode(w.TestId)}\" data-testid=\"wallet-{h.Encode(w.TestId)}\">Pay " +
                        $"with {h.Encode(w.Name)}</button>");
            }

            sb.Append("</div>");
            var first = wallets.FirstOrDefault()?.Name ?? "Alipay+";
            sb.Append($"<button type=\"submit\" class=\"secondary\" name=\"wallet\" value=\"{h.Encode(first)}\" " +
                "id=\"pay\" data-testid=\"pay\">Pay</button></form>");
            sb.Append($"<form method=\"post\" action=\"{h.Encode(m.ActionBase)}/fail\"><button type=\"submit\" " +
                "class=\"danger\" id=\"fail\" data-testid=\"fail\">Fail</button></form>");
            sb.Append($"<form method=\"post\" action=\"{h.Encode(m.ActionBase)}/cancel\"><button type=\"submit\" " +
                "class=\"secondary\" id=\"cancel\" data-testid=\"cancel\">Cancel</button></form>");
        }

        sb.Append("</main></body></html>");
        return sb.ToString();
    }
}
