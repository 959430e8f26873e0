using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MotorPick.Review.Web.Tests;

/// <summary>
/// Headless Chromium driven over the DevTools protocol (one page target, JSON over a WebSocket): enough to load a
/// page, press keys, evaluate script, and take screenshots. Script errors and console errors of the page are
/// collected in <see cref="Errors"/>.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _calls = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private Task _receiver = Task.CompletedTask;
    private int _nextId;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Problems the page reported: uncaught exceptions, console.error, failed loads.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>MOTORPICK_CHROMIUM, else chromium (Debian), chromium-browser or google-chrome on the PATH.</summary>
    public static string? FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("MOTORPICK_CHROMIUM") is { Length: > 0 } set && File.Exists(set)) return set;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            foreach (var dir in path.Append("/usr/bin"))
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    public static async Task<Chromium> LaunchAsync(string executable, int width, int height)
    {
        var profile = Path.Combine(Path.GetTempPath(), "motorpick-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(profile);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
            "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank",
        }) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new Chromium(process, profile);
        try
        {
            // Chromium writes its port to <profile>/DevToolsActivePort once the protocol listens.
            var portFile = Path.Combine(profile, "DevToolsActivePort");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(portFile) || (await File.ReadAllTextAsync(portFile)).Split('\n').Length < 2)
            {
                if (process.HasExited) throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {stderr}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"chromium did not open its DevTools port: {stderr}");
                await Task.Delay(50);
            }
            var port = int.Parse((await File.ReadAllTextAsync(portFile)).Split('\n')[0].Trim());
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!;
            await browser._socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), CancellationToken.None);
            browser._receiver = Task.Run(browser.ReceiveLoop);
            await browser.Send("Page.enable");
            await browser.Send("Runtime.enable");
            await browser.Send("Log.enable");
            await browser.Send("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false });
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    public async Task<JsonNode> Send(string method, object? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = tcs;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _sendGate.WaitAsync();
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, true, _stop.Token);
        }
        finally
        {
            _sendGate.Release();
        }
        var done = await Task.WhenAny(tcs.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        if (done != tcs.Task) throw new TimeoutException($"no answer to {method}");
        return await tcs.Task;
    }

    /// <summary>Evaluates an expression in the page (awaiting promises) and returns its JSON value.</summary>
    public async Task<JsonNode?> Evaluate(string expression)
    {
        var result = await Send("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result["exceptionDetails"] is { } ex) throw new InvalidOperationException($"script failed: {ex.ToJsonString()}");
        return result["result"]!["value"];
    }

    /// <summary>Waits until the expression is true in the page.</summary>
    public async Task WaitFor(string expression, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                if ((await Evaluate($"!!({expression})"))?.GetValue<bool>() == true) return;
            }
            catch (InvalidOperationException)
            {
                // The page is navigating; try again.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the page never satisfied: {expression}; errors: {string.Join(" | ", Errors)}");
            await Task.Delay(50);
        }
    }

    public async Task Navigate(string url) => await Send("Page.navigate", new { url });

    public async Task Reload() => await Send("Page.reload", new { ignoreCache = true });

    /// <summary>Presses a key as a keyboard would: <paramref name="key"/> "1", "n", "!"...; <paramref name="code"/> "Digit1", "KeyN".</summary>
    public async Task Press(string key, string code, int keyCode, bool shift = false)
    {
        var modifiers = shift ? 8 : 0;
        var text = key.Length == 1 ? key : "";
        await Send("Input.dispatchKeyEvent", new { type = "keyDown", key, code, windowsVirtualKeyCode = keyCode, nativeVirtualKeyCode = keyCode, modifiers, text });
        await Send("Input.dispatchKeyEvent", new { type = "keyUp", key, code, windowsVirtualKeyCode = keyCode, nativeVirtualKeyCode = keyCode, modifiers });
    }

    public Task PressDigit(int digit, bool shift = false) =>
        Press(shift ? ")!@#$%^&*("[digit].ToString() : digit.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Digit{digit}", '0' + digit, shift);

    public Task PressLetter(char letter) => Press(letter.ToString(), $"Key{char.ToUpperInvariant(letter)}", char.ToUpperInvariant(letter));

    public async Task<byte[]> Screenshot()
    {
        var result = await Send("Page.captureScreenshot", new { format = "png", captureBeyondViewport = false });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (node["id"] is { } id && _calls.TryRemove(id.GetValue<int>(), out var call))
                {
                    if (node["error"] is { } error) call.SetException(new InvalidOperationException(error.ToJsonString()));
                    else call.SetResult(node["result"] ?? new JsonObject());
                }
                else if (node["method"]?.GetValue<string>() is { } method)
                {
                    Observe(method, node["params"]);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // closing
        }
        foreach (var call in _calls.Values) call.TrySetException(new InvalidOperationException("the browser connection closed"));
    }

    private void Observe(string method, JsonNode? p)
    {
        if (method == "Runtime.exceptionThrown")
            Errors.Enqueue("exception: " + p?["exceptionDetails"]?.ToJsonString());
        else if (method == "Runtime.consoleAPICalled" && Text(p?["type"]) == "error")
            Errors.Enqueue("console.error: " + p?["args"]?.ToJsonString());
        else if (method == "Log.entryAdded" && Text(p?["entry"]?["level"]) == "error")
            Errors.Enqueue("log: " + Text(p?["entry"]?["text"]) + " " + Text(p?["entry"]?["url"]));
    }

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open) await Send("Browser.close").WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or WebSocketException)
        {
            // killed below
        }
        await _stop.CancelAsync();
        try { await _receiver.WaitAsync(TimeSpan.FromSeconds(3)); } catch (TimeoutException) { }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        _socket.Dispose();
        _stop.Dispose();
        _sendGate.Dispose();
        for (var i = 0; i < 20; i++)
        {
            try { Directory.Delete(_profile, recursive: true); break; }
            catch (IOException) { await Task.Delay(100); }
            catch (UnauthorizedAccessException) { break; }
        }
    }
}
