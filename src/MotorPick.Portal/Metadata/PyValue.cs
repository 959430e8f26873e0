using System.Globalization;
using System.Text;
using System.Text.Json;
using MotorPick.Core;

namespace MotorPick.Portal.Metadata;

/// <summary>
/// JSON values as Python's <c>json.load</c> gives them (null, bool, int as long, float as double, str, list) and their
/// text as pandas' <c>to_csv</c> writes them (Python <c>str()</c>; lists as <c>[800, 924, 956]</c>).
/// </summary>
public static class PyValue
{
    /// <summary>A JSON value as Python sees it: a number is a float when its text has '.', 'e' or 'E'.</summary>
    public static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText().AsSpan().IndexOfAny(".eE") >= 0 ? e.GetDouble() : (object)e.GetInt64(),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        _ => throw new JsonException($"unexpected JSON {e.ValueKind}"),
    };

    /// <summary>Python <c>str(value)</c> for a CSV cell; null is empty (pandas writes None/NaN as nothing).</summary>
    public static string Cell(object? value, bool asFloat = false) => value switch
    {
        null => "",
        bool b => b ? "True" : "False",
        long l when asFloat => PyFormat.Float(l),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d when double.IsNaN(d) => "",
        double d => PyFormat.Float(d),
        string s => s,
        _ => Repr(value),
    };

    /// <summary>Python <c>repr(value)</c> (for list elements).</summary>
    public static string Repr(object? value)
    {
        switch (value)
        {
            case null: return "None";
            case bool b: return b ? "True" : "False";
            case long l: return l.ToString(CultureInfo.InvariantCulture);
            case double d: return PyFormat.Float(d);
            case string s:
                var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
                var sb = new StringBuilder().Append(quote);
                foreach (var c in s)
                {
                    if (c == '\\') sb.Append("\\\\");
                    else if (c == quote) sb.Append('\\').Append(c);
                    else if (c == '\n') sb.Append("\\n");
                    else if (c == '\r') sb.Append("\\r");
                    else if (c == '\t') sb.Append("\\t");
                    else sb.Append(c);
                }
                return sb.Append(quote).ToString();
            case System.Collections.IEnumerable list:
                return "[" + string.Join(", ", list.Cast<object?>().Select(Repr)) + "]";
            default:
                throw new ArgumentException($"no Python form for {value.GetType().Name}");
        }
    }
}

/// <summary>
/// A table written the way <c>pandas.DataFrame(...).to_csv(index=False)</c> writes it, including pandas' column types:
/// a column of integers with a missing value (or mixed with floats) becomes float64, so its integers print as "7.0".
/// </summary>
public sealed class PandasTable(IReadOnlyList<string> columns)
{
    private readonly List<object?[]> _rows = [];

    public IReadOnlyList<string> Columns { get; } = columns;

    public int RowCount => _rows.Count;

    public void Add(object?[] row)
    {
        if (row.Length != Columns.Count) throw new ArgumentException($"row has {row.Length} values for {Columns.Count} columns");
        _rows.Add(row);
    }

    public string ToCsv()
    {
        var asFloat = new bool[Columns.Count];
        for (var c = 0; c < Columns.Count; c++)
        {
            var values = _rows.Select(r => r[c]).ToList();
            var numeric = values.All(v => v is null or long or double);
            asFloat[c] = numeric && values.Any(v => v is long) && values.Any(v => v is null or double);
        }
        var csv = new Labels.Csv.CsvText();
        csv.Row(Columns);
        foreach (var row in _rows) csv.Row(row.Select((v, c) => PyValue.Cell(v, asFloat[c])));
        return csv.ToString();
    }
}
