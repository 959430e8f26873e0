using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MotorPick.Portal.Tests;

/// <summary>One request as <see cref="RawHttpServer"/> read it, and when it arrived.</summary>
public sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body, TimeSpan At)
{
    public string Path => Target.Split('?')[0];
}

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) that writes whatever bytes the test's handler wants: lying
/// Content-Length, endless bodies, Retry-After, or a proxy's answer to CONNECT. One request per connection. It never
/// connects anywhere itself.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<RawRequest, Stream, CancellationToken, Task> _handler;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    public RawHttpServer(Func<RawRequest, Stream, CancellationToken, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    /// <summary>Writes a status line, headers and an optional body.</summary>
    public static async Task RespondAsync(Stream s, string status, byte[]? body = null, string? extraHeaders = null, long? contentLength = null, CancellationToken ct = default)
    {
        var head = new StringBuilder($"HTTP/1.1 {status}\r\nConnection: close\r\n");
        head.Append($"Content-Length: {contentLength ?? body?.Length ?? 0}\r\n");
        if (extraHeaders is not null) head.Append(extraHeaders);
        head.Append("\r\n");
        await s.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        if (body is not null) await s.WriteAsync(body, ct);
        await s.FlushAsync(ct);
    }

    /// <summary>A 200 whose body ends only when the connection closes (no Content-Length): <paramref name="prefix"/>,
    /// then <paramref name="filler"/> repeated up to <paramref name="maxBytes"/> (a bound, so a test cannot run away).</summary>
    public static async Task EndlessAsync(Stream s, string prefix, byte filler, long maxBytes, CancellationToken ct)
    {
        await s.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n{prefix}"), ct);
        var block = Enumerable.Repeat(filler, 1 << 20).ToArray();
        for (long sent = 0; sent < maxBytes; sent += block.Length)
            await s.WriteAsync(block, ct); // throws once the client hangs up: that ends the answer
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var request = await ReadRequestAsync(stream, _stop.Token);
                        if (request is null) return;
                        Requests.Enqueue(request);
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                        timeout.CancelAfter(TimeSpan.FromSeconds(30));
                        await _handler(request, stream, timeout.Token);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                    {
                        // the client went away
                    }
                }
            });
        }
    }

    private async Task<RawRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 65536)
        {
            if (await stream.ReadAsync(one, ct) == 0) return null;
            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n') break;
        }
        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Contains(':')))
            headers[line[..line.IndexOf(':')].Trim()] = line[(line.IndexOf(':') + 1)..].Trim();
        var body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var cl) && int.TryParse(cl, out var n) && n is > 0 and < (16 << 20))
        {
            body = new byte[n];
            await stream.ReadExactlyAsync(body, ct);
        }
        return new RawRequest(parts[0], parts.Length > 1 ? parts[1] : "", headers, body, _clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
