using System.Text;
using System.Text.RegularExpressions;

namespace MotorPick.Core;

/// <summary>
/// The one rule for names that become file or folder names: tomogram ids (<c>tomo_id</c> of label and prediction
/// tables, portal run names), reviewer names, and the segments of relative paths read from archives and servers.
/// An identifier is 1 to <see cref="MaxLength"/> ASCII letters, digits, <c>_</c>, <c>-</c> or <c>.</c>, and starts
/// with a letter, digit or <c>_</c> (<see cref="Pattern"/>). That accepts every id of the competition and the portal
/// (<c>tomo_00e047</c>, <c>mba2011-02-16-100</c>, <c>TS_026</c>) and rejects empty names, <c>.</c>, <c>..</c>,
/// separators (<c>/</c>, <c>\</c>), NUL and other control characters, a leading <c>-</c> (read as an option by tools)
/// or <c>.</c> (hidden files), and absurd lengths. Names are checked where they enter (the CSV row, the portal answer,
/// review.json, the archive entry) and again by <see cref="Child"/> wherever a path is built from one.
/// </summary>
public static partial class Identifiers
{
    /// <summary>Longest identifier accepted (real ids have 11 to 20 characters).</summary>
    public const int MaxLength = 128;

    /// <summary>The documented pattern (anchored).</summary>
    public const string Pattern = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";

    /// <summary>What an identifier must look like, for messages.</summary>
    public const string Expected = "1 to 128 ASCII letters, digits, '_', '-' or '.', starting with a letter, digit or '_'";

    /// <summary>Longest relative path accepted by <see cref="CheckRelativePath"/>, in characters.</summary>
    public const int MaxPathLength = 1024;

    /// <summary>Longest segment of a relative path (a file name).</summary>
    public const int MaxSegmentLength = 255;

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex PatternRegex();

    /// <summary>True when <paramref name="value"/> matches <see cref="Pattern"/>.</summary>
    public static bool IsValid(string? value) =>
        // '$' also matches before a final newline, which is not part of an identifier.
        value is not null && PatternRegex().IsMatch(value) && !value.EndsWith('\n');

    /// <summary>
    /// Returns <paramref name="value"/> when it is an identifier, else throws a <see cref="MotorPickException"/> that
    /// names the source (<paramref name="path"/>, <paramref name="line"/>, <paramref name="field"/>) and the rule.
    /// </summary>
    /// <param name="what">What the value is, e.g. "tomo_id" or "portal run name" (default: the field).</param>
    public static string Check(string? value, string? path = null, long? line = null, string? field = null, string? what = null) =>
        Problem(value, what ?? field ?? "identifier") is { } problem ? throw new MotorPickException(problem, path, line, field) : value!;

    /// <summary>Null for an identifier, else what is wrong with it and what was expected (for a message about <paramref name="what"/>).</summary>
    public static string? Problem(string? value, string what)
    {
        if (IsValid(value)) return null;
        var found = string.IsNullOrEmpty(value) ? "is empty" : $"{Show(value)} is not a valid identifier";
        return $"{what} {found}: expected {Expected}";
    }

    /// <summary>
    /// <c>directory/id+suffix</c>, after checking <paramref name="id"/>: the one way paths are built from tomogram ids
    /// and run names, so that no unchecked name ever reaches the file system.
    /// </summary>
    public static string Child(string directory, string id, string suffix = "")
    {
        Check(id, directory, what: "name");
        return Path.Combine(directory, id + suffix);
    }

    /// <summary>
    /// Checks a '/'-separated relative path read from outside (a ZIP entry, a zarr key): every segment non-empty, not
    /// <c>.</c> or <c>..</c>, without <c>\</c>, ':' , NUL or control characters, at most <see cref="MaxSegmentLength"/>
    /// characters, the whole at most <see cref="MaxPathLength"/>, not rooted. Returns the path.
    /// </summary>
    public static string CheckRelativePath(string? value, string? path = null, string? field = null, string what = "path")
    {
        var why = RelativePathProblem(value);
        if (why is null) return value!;
        throw new MotorPickException($"{what} {Show(value)} {why}: expected a relative path of names separated by '/'", path, field: field);
    }

    /// <summary>True when <see cref="CheckRelativePath"/> would accept <paramref name="value"/>.</summary>
    public static bool IsValidRelativePath(string? value) => RelativePathProblem(value) is null;

    private static string? RelativePathProblem(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "is empty";
        if (value.Length > MaxPathLength) return $"is longer than {MaxPathLength} characters";
        foreach (var c in value)
        {
            if (char.IsControl(c)) return "contains a control character";
            if (c is '\\' or ':') return $"contains '{c}'";
        }
        foreach (var segment in value.Split('/'))
        {
            if (segment.Length == 0) return "has an empty segment (a leading '/' or '//')";
            if (segment is "." or "..") return $"has a '{segment}' segment";
            if (segment.Length > MaxSegmentLength) return $"has a segment longer than {MaxSegmentLength} characters";
        }
        return null;
    }

    /// <summary>The value quoted for a message: control characters escaped, cut after 80 characters.</summary>
    internal static string Show(string? value)
    {
        if (value is null) return "(none)";
        var sb = new StringBuilder("'");
        foreach (var c in value.Length > 80 ? value[..80] : value)
        {
            if (char.IsControl(c)) sb.Append(c == '\0' ? "\\0" : $"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        if (value.Length > 80) sb.Append($"...' ({value.Length} characters)");
        else sb.Append('\'');
        return sb.ToString();
    }
}
