using Microsoft.AspNetCore.Http;

namespace Nop.Plugin.Payments.AlipayPlus.Controllers;

/// <summary>
/// Reads a request body byte for byte (signatures are over the raw bytes), refusing more than a limit.
/// </summary>
public static class RawBodyReader
{
    /// <returns>The body, or null when it is larger than <paramref name="limitBytes"/>.</returns>
    public static async Task<byte[]> ReadAsync(HttpRequest request, int limitBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limitBytes)
            return null;

        using var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 4096, limitBytes));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limitBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
