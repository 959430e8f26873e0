namespace MotorPick.Review.Web.Security;

/// <summary>
/// Resolves a relative name against a root directory and refuses anything that would leave it: rooted paths, '..'
/// segments, drive letters, NUL and control characters, and results whose full path is not inside the root. Every
/// file the server reads from disk goes through here (names come from review.json, never from the request path).
/// </summary>
public static class SafePath
{
    /// <summary>The full path of <paramref name="relative"/> under <paramref name="root"/>, or null when it would escape.</summary>
    public static string? Resolve(string root, string relative)
    {
        if (string.IsNullOrEmpty(relative) || relative.Length > 1024) return null;
        if (relative.Any(c => c == '\0' || char.IsControl(c) || c == ':')) return null;
        var normalised = relative.Replace('\\', '/');
        if (normalised.StartsWith('/') || Path.IsPathRooted(relative)) return null;
        var segments = normalised.Split('/');
        if (segments.Any(s => s.Length == 0 || s == "." || s == "..")) return null;

        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.GetFullPath(Path.Combine(fullRoot, Path.Combine(segments)));
        return full.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>A single path segment (a tomogram id used as a directory or file name) under <paramref name="root"/>.</summary>
    public static string? ResolveSegment(string root, string segment) =>
        segment.Contains('/') || segment.Contains('\\') ? null : Resolve(root, segment);
}
