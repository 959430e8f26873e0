namespace MotorPick.Core;

/// <summary>
/// The one error type MotorPick raises for bad input or a failed job. It names the file, and where
/// known the line and field, so that a user can go straight to the problem.
/// </summary>
public class MotorPickException : Exception
{
    public MotorPickException(string message, string? path = null, long? line = null, string? field = null, Exception? inner = null)
        : base(Compose(message, path, line, field), inner)
    {
        Path = path;
        Line = line;
        Field = field;
        Detail = message;
    }

    /// <summary>The file the problem was found in, if any.</summary>
    public string? Path { get; }

    /// <summary>The 1-based line of the file (the header is line 1), if any.</summary>
    public long? Line { get; }

    /// <summary>The column, key or header field, if any.</summary>
    public string? Field { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Detail { get; }

    private static string Compose(string message, string? path, long? line, string? field)
    {
        var where = new List<string>();
        if (path is not null) where.Add(path);
        if (line is not null) where.Add($"line {line}");
        if (field is not null) where.Add($"field '{field}'");
        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
