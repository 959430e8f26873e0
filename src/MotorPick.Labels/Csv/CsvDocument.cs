using System.Text;
using MotorPick.Core;

namespace MotorPick.Labels.Csv;

/// <summary>
/// A parsed CSV file: a header and rows of fields, each row remembering its 1-based line number so that
/// errors can point at it. RFC 4180 quoting (fields with commas, as in <c>"[[169.0, 546.0, 603.0]]"</c>).
/// </summary>
public sealed class CsvDocument
{
    private readonly Dictionary<string, int> _index;

    public CsvDocument(string path, IReadOnlyList<string> header, IReadOnlyList<CsvRow> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (!_index.TryAdd(header[i], i))
                throw new MotorPickException($"column '{header[i]}' appears twice in the header", path, 1, header[i]);
        }
    }

    /// <summary>The file the document was read from (used in error messages).</summary>
    public string Path { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    public bool HasColumn(string name) => _index.ContainsKey(name);

    /// <summary>The index of a required column, or an error naming the file and the expected columns.</summary>
    public int Column(string name, string? expectedLayout = null)
    {
        if (_index.TryGetValue(name, out var i)) return i;
        var near = Header.FirstOrDefault(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        var hint = near is not null ? $" (found '{near}': column names are case- and space-sensitive)" : "";
        var layout = expectedLayout is not null ? $"; expected the columns {expectedLayout}" : "";
        throw new MotorPickException($"missing column '{name}'{hint}{layout}", Path, 1, name);
    }

    public static CsvDocument Load(string path)
    {
        if (!File.Exists(path)) throw new MotorPickException("file not found", path);
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (IOException ex)
        {
            throw new MotorPickException($"cannot read the file: {ex.Message}", path, inner: ex);
        }
        return Parse(text, path);
    }

    /// <summary>Parses CSV text. Blank lines before the header are skipped (some third-party files start with one).</summary>
    public static CsvDocument Parse(string text, string path)
    {
        var records = CsvParser.Records(text, path).ToList();
        var first = records.FindIndex(r => !(r.Fields.Count == 1 && r.Fields[0].Length == 0));
        if (first < 0) throw new MotorPickException("the file is empty (no header line)", path);
        var header = records[first].Fields;
        var rows = new List<CsvRow>(records.Count - first);
        for (var i = first + 1; i < records.Count; i++)
        {
            var r = records[i];
            if (r.Fields.Count == 1 && r.Fields[0].Length == 0) continue; // blank line
            if (r.Fields.Count != header.Count)
                throw new MotorPickException($"expected {header.Count} fields as in the header, found {r.Fields.Count}", path, r.Line);
            rows.Add(r);
        }
        return new CsvDocument(path, header, rows);
    }
}

/// <summary>One CSV record with the line it started on.</summary>
public sealed record CsvRow(long Line, IReadOnlyList<string> Fields)
{
    public string this[int column] => Fields[column];
}
