using System.Text;

namespace MotorPick.Labels.Csv;

/// <summary>Writes CSV the way pandas' <c>to_csv</c> does: LF line ends, minimal quoting.</summary>
public sealed class CsvText
{
    private readonly StringBuilder _sb = new();

    public CsvText Row(IEnumerable<string> fields)
    {
        var first = true;
        foreach (var f in fields)
        {
            if (!first) _sb.Append(',');
            first = false;
            Append(f);
        }
        _sb.Append('\n');
        return this;
    }

    public CsvText Row(params string[] fields) => Row((IEnumerable<string>)fields);

    public override string ToString() => _sb.ToString();

    private void Append(string field)
    {
        // pandas QUOTE_MINIMAL: quote fields holding the separator, a quote or a line break.
        if (field.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            _sb.Append(field);
            return;
        }
        _sb.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
