using System.Globalization;
using System.Text.Json.Nodes;
using WooshPay.Sandbox.Model;

namespace WooshPay.Sandbox.Api;

/// <summary>Cursor paging shared by every list: limit, starting_after, ending_before; newest first.</summary>
public static class Paging
{
    public static JsonObject Page<T>(ApiRequest req, IReadOnlyList<T> newestFirst, string url, Func<T, JsonNode> render)
        where T : SandboxObject
    {
        var limit = 10;
        var rawLimit = req.Query("limit");
        if (rawLimit is not null &&
            (!int.TryParse(rawLimit, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit)
                || limit < 1 || limit > 100))
            throw ApiException.Invalid("limit", "limit must be an integer between 1 and 100.",
                "parameter_invalid_integer");

        var startingAfter = req.Query("starting_after");
        var endingBefore = req.Query("ending_before");
        if (startingAfter is not null && endingBefore is not null)
            throw ApiException.Invalid("ending_before",
                "You may only specify one of starting_after and ending_before.");

        IEnumerable<T> slice;
        bool hasMore;
        if (startingAfter is not null)
        {
            var index = IndexOf(newestFirst, startingAfter, "starting_after");
            var rest = newestFirst.Count - index - 1;
            slice = newestFirst.Skip(index + 1).Take(limit);
            hasMore = rest > limit;
        }
        else if (endingBefore is not null)
        {
            var index = IndexOf(newestFirst, endingBefore, "ending_before");
            var start = Math.Max(0, index - limit);
            slice = newestFirst.Skip(start).Take(index - start);
            hasMore = start > 0;
        }
        else
        {
            slice = newestFirst.Take(limit);
            hasMore = newestFirst.Count > limit;
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["url"] = url,
            ["has_more"] = hasMore,
            ["data"] = new JsonArray(slice.Select(render).ToArray()),
        };
    }

    private static int IndexOf<T>(IReadOnlyList<T> list, string id, string param) where T : SandboxObject
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i].Id == id) return i;
        throw new ApiException(400, "invalid_request_error", "resource_missing",
            $"No such object for {param}: '{id}'", param);
    }
}
