namespace MotorPick.Core.Machine;

/// <summary>
/// MotorPick's per-user cache folder for facts about this machine that are costly to learn (engine checks):
/// <c>$MOTORPICK_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/motorpick</c>, else <c>~/.cache/motorpick</c>.
/// Nothing in it is needed: a missing or unwritable cache only means the check runs again.
/// </summary>
public static class UserCache
{
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("MOTORPICK_CACHE_DIR") is { Length: > 0 } own) return own;
            if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "motorpick");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "motorpick");
        }
    }

    /// <summary>The text stored under <paramref name="kind"/>/<paramref name="key"/>, or null (absent or unreadable).</summary>
    public static string? Read(string kind, string key)
    {
        try
        {
            var path = PathFor(kind, key);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="text"/> atomically; failures are ignored (a cache, not a result).</summary>
    public static void Write(string kind, string key, string text)
    {
        try
        {
            var path = PathFor(kind, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MotorPickException)
        {
        }
    }

    private static string PathFor(string kind, string key)
    {
        // both parts are ours (hex digests and fixed words), never names from outside
        if (!IsSafe(kind) || !IsSafe(key)) throw new ArgumentException($"bad cache name '{kind}/{key}'");
        return Path.Combine(Root, kind, key + ".json");
    }

    private static bool IsSafe(string s) => s.Length is > 0 and <= 128 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && s[0] != '.';
}
