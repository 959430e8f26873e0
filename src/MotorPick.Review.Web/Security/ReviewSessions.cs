using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MotorPick.Review.Web.Security;

/// <summary>
/// Logins of this server run: a random session id (the cookie) for each reviewer who gave a valid token. Held in
/// memory, so stopping the server logs everyone out; a session ends after <see cref="Lifetime"/> without use.
/// The cookie carries only this id, never the token.
/// </summary>
public sealed class ReviewSessions(TimeProvider? time = null)
{
    public const string Cookie = "motorpick_session";

    /// <summary>Idle time after which a session ends.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const int MaxSessions = 10_000;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);

    private sealed class Entry(string reviewer, DateTimeOffset seen)
    {
        public string Reviewer { get; } = reviewer;
        public DateTimeOffset Seen { get; set; } = seen;
    }

    /// <summary>Starts a session for <paramref name="reviewer"/> and returns its id.</summary>
    public string Start(string reviewer)
    {
        var now = _time.GetUtcNow();
        if (_sessions.Count >= MaxSessions)
            foreach (var (id, e) in _sessions)
                if (now - e.Seen > Lifetime) _sessions.TryRemove(id, out _);
        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _sessions[sessionId] = new Entry(reviewer, now);
        return sessionId;
    }

    /// <summary>The reviewer of a live session, or null (unknown or expired id).</summary>
    public string? Reviewer(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId) || !_sessions.TryGetValue(sessionId, out var entry)) return null;
        var now = _time.GetUtcNow();
        if (now - entry.Seen > Lifetime)
        {
            _sessions.TryRemove(sessionId, out _);
            return null;
        }
        entry.Seen = now;
        return entry.Reviewer;
    }

    public void End(string? sessionId)
    {
        if (!string.IsNullOrEmpty(sessionId)) _sessions.TryRemove(sessionId, out _);
    }
}
