using System.Globalization;
using System.Text.RegularExpressions;

namespace MotorPick.Core;

/// <summary>Durations as people write them on a command line or in a config: <c>90s</c>, <c>20m</c>, <c>1h30m</c>, <c>1.5h</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^\s*(?:(?<h>\d+(?:\.\d+)?)h)?\s*(?:(?<m>\d+(?:\.\d+)?)m)?\s*(?:(?<s>\d+(?:\.\d+)?)s)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>; anything else is a MotorPickException naming <paramref name="field"/>.</summary>
    public static TimeSpan Parse(string text, string field)
    {
        var m = Pattern().Match(text);
        if (!m.Success || text.Trim().Length == 0 || !(m.Groups["h"].Success || m.Groups["m"].Success || m.Groups["s"].Success))
            throw new MotorPickException($"expected a duration such as 90s, 20m, 1h30m or 1.5h, found '{text}'", field: field);
        double Part(string g) => m.Groups[g].Success ? double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = Part("h") * 3600 + Part("m") * 60 + Part("s");
        if (!(seconds > 0) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            throw new MotorPickException($"expected a positive duration such as 20m, found '{text}'", field: field);
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A short form for tables: "14m 12s", "1h 02m", "45.3s".</summary>
    public static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m {t.Seconds:00}s" : t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
}
