#nullable enable
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nop.Plugin.Payments.AlipayPlus.WooshPay.Models;

/// <summary>A page of objects: {"object":"list","url":...,"has_more":bool,"data":[...]}.</summary>
public sealed class WooshPayList<T> : IWooshPayResponse
{
    /// <summary>"list".</summary>
    public string? Object { get; set; }

    public string? Url { get; set; }

    /// <summary>More objects follow the last one in <see cref="Data"/> (null on the wire reads as false).</summary>
    public bool HasMore { get; set; }

    public List<T>? Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    string? IWooshPayResponse.FindMissingField()
    {
        if (Data is null)
            return "data";

        for (var i = 0; i < Data.Count; i++)
        {
            if (Data[i] is null)
                return $"data[{i}]";
            if (Data[i] is IWooshPayResponse item && item.FindMissingField() is { } missing)
                return $"data[{i}].{missing}";
        }

        return null;
    }
}
