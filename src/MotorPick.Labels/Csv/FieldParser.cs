using System.Globalization;
using System.Text.Json;
using MotorPick.Core;

namespace MotorPick.Labels.Csv;

/// <summary>Typed field access with errors that name the file, the line and the column.</summary>
public static class FieldParser
{
    public static double Double(CsvDocument doc, CsvRow row, int column)
    {
        var s = row[column];
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        throw new MotorPickException($"expected a number, found '{s}'", doc.Path, row.Line, doc.Header[column]);
    }

    /// <summary>An integer; also accepts integral floats such as <c>300.0</c> (pandas writes ints as floats after a NaN).</summary>
    public static int Int(CsvDocument doc, CsvRow row, int column)
    {
        var s = row[column];
        if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
            return (int)d;
        throw new MotorPickException($"expected an integer, found '{s}'", doc.Path, row.Line, doc.Header[column]);
    }

    public static long Long(CsvDocument doc, CsvRow row, int column)
    {
        var s = row[column];
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
        throw new MotorPickException($"expected an integer, found '{s}'", doc.Path, row.Line, doc.Header[column]);
    }

    /// <summary>A Python list string of [z, y, x] triples, e.g. <c>[[169.0, 546.0, 603.0]]</c> or <c>[]</c>.</summary>
    public static IReadOnlyList<Point3> PointList(CsvDocument doc, CsvRow row, int column)
    {
        var s = row[column];
        try
        {
            using var json = JsonDocument.Parse(s);
            if (json.RootElement.ValueKind != JsonValueKind.Array) throw new FormatException("not a list");
            var result = new List<Point3>();
            foreach (var item in json.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 3) throw new FormatException("an element is not a [z, y, x] triple");
                var e = item.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                result.Add(new Point3(e[0], e[1], e[2]));
            }
            return result;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new MotorPickException($"expected a list of [z, y, x] triples like [[169.0, 546.0, 603.0]] or [], found '{s}' ({ex.Message})",
                doc.Path, row.Line, doc.Header[column]);
        }
    }
}
