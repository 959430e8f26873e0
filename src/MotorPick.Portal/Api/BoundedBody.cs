using System.Buffers;
using MotorPick.Core;

namespace MotorPick.Portal.Api;

/// <summary>
/// Reads a response body into memory under a <see cref="SizeLimit"/>: a Content-Length above the limit is refused before
/// anything is read, and the buffer grows with the bytes that actually arrive (a Content-Length is only a claim, so it
/// never sizes an allocation beyond <see cref="PortalLimits.InitialBufferBytes"/>); a body that goes past the limit is
/// refused as soon as it does. Both errors name the URL and the limit.
/// </summary>
internal static class BoundedBody
{
    /// <param name="read">One read into the buffer (lets callers put a timeout on each read).</param>
    /// <param name="arrived">Told of every block read (byte counters).</param>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, SizeLimit limit, string url,
        Func<Stream, byte[], Task<int>> read, Action<int>? arrived, CancellationToken ct)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit.Bytes) throw TooLarge(url, limit, $"its Content-Length is {declared} bytes");
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var ms = new MemoryStream((int)Math.Min(declared ?? 0, PortalLimits.InitialBufferBytes));
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int n;
            while ((n = await read(body, buffer).ConfigureAwait(false)) > 0)
            {
                if (ms.Length + n > limit.Bytes) throw TooLarge(url, limit, $"more than {limit.Bytes} bytes arrived");
                ms.Write(buffer, 0, n);
                arrived?.Invoke(n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return ms.ToArray();
    }

    /// <summary>The error for a body larger than its limit (not retried: the server would send the same again).</summary>
    public static MotorPickException TooLarge(string url, SizeLimit limit, string what) =>
        new($"the answer is larger than expected: {what}; at most {limit.Bytes} bytes were expected ({limit.Why})", url);
}
