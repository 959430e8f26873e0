using System.Text;
using MotorPick.Core;

namespace MotorPick.Labels.Csv;

/// <summary>A small RFC 4180 reader: commas, double-quoted fields with "" escapes, LF or CRLF line ends.</summary>
internal static class CsvParser
{
    public static IEnumerable<CsvRow> Records(string text, string path)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, recordLine = 1;
        var i = 0;
        var inQuotes = false;
        var any = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    inQuotes = false;
                    i++;
                    if (i < text.Length && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                        throw new MotorPickException($"unexpected character '{text[i]}' after a closing quote", path, line);
                    continue;
                }
                if (c == '\n') line++;
                field.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    any = true;
                    i++;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    i++;
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return new CsvRow(recordLine, fields.ToArray());
                    fields.Clear();
                    any = false;
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                    i++;
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    i++;
                    break;
            }
        }
        if (inQuotes) throw new MotorPickException("the file ends inside a quoted field", path, recordLine);
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRow(recordLine, fields.ToArray());
        }
    }
}
