using System.Collections.Concurrent;

namespace MotorPick.Portal.StandIn;

/// <summary>Faults the stand-in can inject into an answer.</summary>
public enum FaultKind
{
    None,
    /// <summary>HTTP 500 without a body.</summary>
    Status500,
    /// <summary>HTTP 503 without a body.</summary>
    Status503,
    /// <summary>Headers promise the whole body; half is sent, then the connection is aborted.</summary>
    DropMidBody,
    /// <summary>The answer starts after <see cref="FaultInjector.SlowDelay"/> (within the client's timeout).</summary>
    Slow,
    /// <summary>The answer starts after <see cref="FaultInjector.StallDelay"/> (meant to exceed the client's timeout).</summary>
    Stall,
    /// <summary>No Content-Length (chunked); half the body is sent and the response ends cleanly.</summary>
    Truncate,
    /// <summary>Content-Length is a third too small and exactly that many bytes are sent: a clean but short answer.</summary>
    WrongContentLength,
}

/// <summary>
/// Decides, deterministically, which requests get a fault: the n-th request for a key (URL path, or the GraphQL body)
/// gets one with probability <see cref="Rate"/> (a hash of seed, key and n), at most <see cref="MaxPerKey"/> times per key,
/// so a client that retries always gets through. Counts what it injected.
/// </summary>
public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FaultKind, int> _injected = new();

    public double Rate { get; init; } = 0.3;

    public IReadOnlyList<FaultKind> Kinds { get; init; } =
        [FaultKind.Status500, FaultKind.Status503, FaultKind.DropMidBody, FaultKind.Slow, FaultKind.Truncate, FaultKind.WrongContentLength];

    public int MaxPerKey { get; init; } = 2;

    public ulong Seed { get; init; } = 1;

    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromMilliseconds(150);

    public TimeSpan StallDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Faults injected so far, by kind.</summary>
    public IReadOnlyDictionary<FaultKind, int> Injected => _injected;

    public int TotalInjected => _injected.Values.Sum();

    public FaultKind Decide(string key)
    {
        var n = _seen.AddOrUpdate(key, 1, (_, c) => c + 1) - 1;
        if (n >= MaxPerKey || Kinds.Count == 0) return FaultKind.None;
        var h = Hash(key, n);
        if ((h >> 11) * (1.0 / (1UL << 53)) >= Rate) return FaultKind.None;
        var kind = Kinds[(int)(Mix(h) % (ulong)Kinds.Count)];
        _injected.AddOrUpdate(kind, 1, (_, c) => c + 1);
        return kind;
    }

    private ulong Hash(string key, int n)
    {
        var h = 14695981039346656037UL ^ Seed;
        foreach (var c in key) h = (h ^ c) * 1099511628211UL;
        h = (h ^ (ulong)n) * 1099511628211UL;
        return Mix(h);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33; x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53UL;
        return x ^ (x >> 33);
    }
}
