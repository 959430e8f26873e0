namespace MotorPick.Core;

/// <summary>
/// Guards for deletes and replaces: a command removes or swaps only what lies strictly inside the folder it owns,
/// compared on real paths (symbolic links followed), so that neither a name like <c>..</c> nor a link planted in the
/// output folder can turn a cleanup into a delete elsewhere.
/// </summary>
public static class OwnedPaths
{
    private const int MaxLinks = 40;

    /// <summary>
    /// The path with every symbolic link among its existing components resolved (as realpath(3) does for the part
    /// that exists; the rest is appended as given). '..' is resolved lexically first, as .NET's file APIs do.
    /// </summary>
    public static string RealPath(string path) => Resolve(Path.GetFullPath(path), 0);

    /// <summary>
    /// Returns the full path of <paramref name="target"/> when its real location is strictly inside the real
    /// <paramref name="root"/>; else throws a <see cref="MotorPickException"/> that names both. The target itself may be
    /// a link: it is the link (not what it points to) that a rename or delete acts on, so only its folder is resolved.
    /// </summary>
    public static string EnsureInside(string root, string target, string action)
    {
        var full = Path.GetFullPath(target);
        var name = Path.GetFileName(target.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        string realRoot, realTarget;
        try
        {
            realRoot = RealPath(root);
            var parent = Path.GetDirectoryName(full);
            realTarget = parent is null ? full : Path.Combine(RealPath(parent), Path.GetFileName(full));
        }
        catch (IOException ex)
        {
            throw new MotorPickException($"refusing to {action}: cannot resolve its real path ({ex.Message})", target, inner: ex);
        }
        if (name is "." or ".." || !IsStrictlyInside(realRoot, realTarget))
            throw new MotorPickException($"refusing to {action}: it is not inside {root}, the folder this command owns" +
                (realTarget != full ? $" (it resolves to {realTarget})" : ""), target);
        return full;
    }

    /// <summary>True when <paramref name="path"/> is below <paramref name="root"/> (both full, already resolved) and not the root itself.</summary>
    public static bool IsStrictlyInside(string root, string path)
    {
        var rel = Path.GetRelativePath(root, path);
        return rel != "." && !Path.IsPathRooted(rel) && rel != ".." &&
               !rel.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string Resolve(string full, int depth)
    {
        var root = Path.GetPathRoot(full) ?? "";
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } link)
            {
                if (depth >= MaxLinks) throw new IOException($"too many levels of symbolic links at {next}");
                // A relative link is relative to the folder that holds it.
                next = Resolve(Path.GetFullPath(link, current), depth + 1);
            }
            else if (!info.Exists && !Directory.Exists(next))
            {
                return Path.Combine([next, .. parts[(i + 1)..]]);
            }
            current = next;
        }
        return current;
    }
}
