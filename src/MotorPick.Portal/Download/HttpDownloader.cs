using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using MotorPick.Core;
using MotorPick.Portal.Api;

namespace MotorPick.Portal.Download;

/// <summary>
/// HTTP GETs with retries (<see cref="RetryPolicy"/>), a bound on concurrent transfers, and byte counting. Small objects
/// (zarr chunks, metadata) come back as arrays and can be verified before they are accepted; files are streamed to a
/// partial file that survives failures and restarts and is continued with a Range request.
/// </summary>
public sealed class HttpDownloader(HttpClient http, RetryPolicy policy, int maxConcurrentTransfers, TransferCounters counters)
{
    private readonly SemaphoreSlim _transfers = new(Math.Max(1, maxConcurrentTransfers));

    /// <summary>Suffix of partial downloads (contains <see cref="AtomicFile.TempMarker"/> so other tools treat them as temporary).</summary>
    public const string PartialSuffix = AtomicFile.TempMarker + "partial";

    public TransferCounters Counters { get; } = counters;

    public RetryPolicy Policy { get; } = policy;

    /// <summary>
    /// The body of <paramref name="url"/>, or null on 404. <paramref name="verify"/> (may throw) checks the bytes; a body
    /// that fails it, ends early or comes with a transient status is fetched again. A body larger than
    /// <paramref name="limit"/> is refused (not retried), and a URL that is not https (or http to loopback) fails at once.
    /// </summary>
    public Task<byte[]?> GetBytesAsync(string url, string tomoId, SizeLimit limit, Action<byte[]>? verify, CancellationToken ct)
    {
        PortalUrls.Check(url, "download");
        return PortalHttp.WithRetriesAsync<byte[]?>(Policy, url, async (_, token) =>
        {
            await _transfers.WaitAsync(token).ConfigureAwait(false);
            try
            {
                Counters.AddRequest();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(Policy.RequestTimeout);
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NotFound) return null;
                CheckStatus(response, url);
                var expected = response.Content.Headers.ContentLength;
                var bytes = await BoundedBody.ReadAsync(response, limit, url, (body, buffer) => ReadAsync(body, buffer, timeout, token),
                    n => Counters.AddBytes(tomoId, n), timeout.Token).ConfigureAwait(false);
                if (expected is { } e && bytes.Length != e)
                    throw new TransientException($"body has {bytes.Length} bytes, Content-Length said {e}");
                if (verify is not null)
                {
                    try { verify(bytes); }
                    catch (MotorPickException ex) { throw new TransientException($"corrupt body ({ex.Detail})", ex); }
                }
                return bytes;
            }
            finally
            {
                _transfers.Release();
            }
        }, ct, (_, _) => Counters.AddRetry());
    }

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="path"/> unless a file of <paramref name="expectedSize"/> bytes
    /// is already there. The bytes go to <c>path + <see cref="PartialSuffix"/></c>, which a later call (or run) continues
    /// with <c>Range: bytes=N-</c>; the file is renamed to <paramref name="path"/> once it has the expected size and
    /// <paramref name="verify"/> accepts it. Returns false when the file was already complete. The file may not grow past
    /// <paramref name="expectedSize"/> (the portal's metadata) or, when that is unknown, past <paramref name="limitIfUnknown"/>
    /// (default <see cref="PortalLimits.MaxFileBytesWithoutSize"/>): a server offering or sending more is refused.
    /// </summary>
    public async Task<bool> DownloadFileAsync(string url, string path, long? expectedSize, string tomoId, Action<string>? verify, CancellationToken ct,
        SizeLimit? limitIfUnknown = null)
    {
        PortalUrls.Check(url, "download");
        var cap = expectedSize is { } known ? new SizeLimit(known, "the file size in the portal's metadata") : limitIfUnknown ?? SizeLimit.FileWithoutSize;
        if (File.Exists(path) && (expectedSize is null || new FileInfo(path).Length == expectedSize))
        {
            Counters.AddSkipped(tomoId, new FileInfo(path).Length);
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var partial = path + PartialSuffix;
        // a partial of another size than the object's is not this object's beginning: start over rather than append
        var resumed = PartialFile.Length(partial);
        if (expectedSize is { } expected && resumed > expected) { PartialFile.Discard(partial); resumed = 0; }
        if (resumed > 0) Counters.AddSkipped(tomoId, resumed);
        long? total = expectedSize;
        // A known size is a sure pre-flight check: refuse before downloading what cannot fit (the partial counts as had).
        if (total is { } size) DiskSpace.EnsureAvailable(path, DiskSpace.OnDisk(size) - DiskSpace.OnDisk(resumed));
        var failures = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var have = PartialFile.Length(partial);
            if (total is { } t && have > t) { PartialFile.Discard(partial); have = 0; }
            if (total is { } t2 && have == t2 && have > 0) break;
            try
            {
                total = await TransferAsync(url, partial, have, total, expectedSize, cap, tomoId, ct).ConfigureAwait(false);
                var now = PartialFile.Length(partial);
                if (total is null || now == total) break;
                throw new TransientException($"body ended at byte {now} of {total}");
            }
            catch (IOException ex) when (DiskSpace.IsDiskFull(ex))
            {
                // The partial file is kept: after space is freed, a rerun continues it by Range.
                var have2 = PartialFile.Length(partial);
                throw DiskSpace.Full(path, total is { } t3 ? Math.Max(0, t3 - have2) : null, ex);
            }
            catch (Exception ex) when (RetryPolicy.IsTransient(ex, ct))
            {
                // A try that brought bytes resets the count: a flaky link that keeps progressing is not given up on.
                var gained = PartialFile.Length(partial) > have;
                failures = gained ? 1 : failures + 1;
                if (failures >= Policy.MaxAttempts)
                    throw new MotorPickException($"gave up after {Policy.MaxAttempts} tries without progress: {PortalHttp.Describe(ex)}", url, inner: ex);
                Counters.AddRetry();
                await Task.Delay(Policy.Delay(failures - 1, ex), ct).ConfigureAwait(false);
            }
        }
        try
        {
            verify?.Invoke(partial);
        }
        catch (MotorPickException)
        {
            PartialFile.Discard(partial); // a complete but invalid file cannot be repaired by resuming
            throw;
        }
        PartialFile.Length(partial); // still no link: the rename must publish our file, not one planted meanwhile
        File.Move(partial, path, overwrite: true);
        FileSync.Directory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Counters.AddFetched();
        return true;
    }

    /// <summary>One GET from byte <paramref name="have"/>; appends to the partial file. Returns the total size: the
    /// expected one when known (a server stating another is refused), else as the server states it.</summary>
    private async Task<long?> TransferAsync(string url, string partial, long have, long? total, long? expectedSize, SizeLimit cap, string tomoId, CancellationToken ct)
    {
        await _transfers.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Counters.AddRequest();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Policy.RequestTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) throw new MotorPickException("not found on the server (HTTP 404)", url);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The partial file is at least as long as the object: start over.
                PartialFile.Discard(partial);
                throw new TransientException("range not satisfiable; restarting the file");
            }
            CheckStatus(response, url);
            bool append;
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != have)
                    throw new TransientException($"asked for bytes from {have}, got a range starting at {range?.From}");
                if (total is { } expected && range.Length is { } served && served != expected)
                {
                    // the object is not the one the partial began (or the portal describes): never append to it
                    PartialFile.Discard(partial);
                    throw new MotorPickException($"the server's object has {served} bytes but the portal says {expected}; " +
                                                 "the partial download was discarded, not continued", url);
                }
                total = CheckDeclared(url, range.Length, expectedSize, cap, "its Content-Range gives a total of") ?? total;
                append = true;
            }
            else
            {
                // 200: the whole object (the server ignored the range, or there was none).
                total = CheckDeclared(url, response.Content.Headers.ContentLength, expectedSize, cap, "its Content-Length is") ?? total;
                append = false;
                have = 0;
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var file = append ? PartialFile.OpenAppend(partial, have) : PartialFile.CreateNew(partial);
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                // The file never grows past what was promised, whatever the server sends.
                var most = Math.Min(cap.Bytes, total ?? cap.Bytes);
                var length = have;
                int n;
                while ((n = await ReadAsync(body, buffer, timeout, ct).ConfigureAwait(false)) > 0)
                {
                    if (length + n > most)
                    {
                        // The bytes so far are suspect too: start over next time rather than resume from them.
                        await file.DisposeAsync().ConfigureAwait(false);
                        File.Delete(partial);
                        throw BoundedBody.TooLarge(url, cap with { Bytes = most }, $"more than {most} bytes arrived");
                    }
                    length += n;
                    await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                    Counters.AddBytes(tomoId, n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            // what arrived is on disk before a later try appends to it or the file is renamed into place
            await file.FlushAsync(ct).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
            return total;
        }
        finally
        {
            _transfers.Release();
        }
    }

    /// <summary>Reads with a fresh per-read timeout, so a stalled body fails without capping a long transfer's total time.</summary>
    private async Task<int> ReadAsync(Stream body, byte[] buffer, CancellationTokenSource timeout, CancellationToken ct)
    {
        timeout.CancelAfter(Policy.RequestTimeout);
        return await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>The total size a server states, checked against the expected size and the cap before a byte is read: more
    /// than expected is refused; less is retried (a stale copy behind a cache).</summary>
    private static long? CheckDeclared(string url, long? declared, long? expectedSize, SizeLimit cap, string what)
    {
        if (declared is not { } d) return expectedSize;
        if (d > cap.Bytes) throw BoundedBody.TooLarge(url, cap, $"{what} {d} bytes");
        if (expectedSize is { } e && d != e)
            throw new TransientException($"the server has {d} bytes, the portal's metadata says {e}");
        return d;
    }

    private static void CheckStatus(HttpResponseMessage response, string url)
    {
        if (response.IsSuccessStatusCode) return;
        if (RetryPolicy.IsTransient(response.StatusCode)) throw RetryPolicy.StatusFailure(response);
        throw new MotorPickException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", url);
    }
}
