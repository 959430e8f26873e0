using System.Text;

namespace MotorPick.Interop.Star;

/// <summary>Writes STAR text in RELION's layout: <c>data_name</c>, <c>loop_</c>, <c>_label #n</c>, one row per line, a blank line after each block.</summary>
public static class StarWriter
{
    public static string Format(IEnumerable<StarBlock> blocks, string? headerComment = null)
    {
        var sb = new StringBuilder();
        if (headerComment is not null)
        {
            foreach (var line in headerComment.Split('\n')) sb.Append("# ").Append(line).Append('\n');
            sb.Append('\n');
        }
        foreach (var b in blocks)
        {
            sb.Append("data_").Append(b.Name).Append("\n\n");
            if (b.IsLoop)
            {
                sb.Append("loop_\n");
                for (var i = 0; i < b.Columns.Count; i++) sb.Append('_').Append(b.Columns[i]).Append(" #").Append(i + 1).Append('\n');
                foreach (var r in b.Rows) sb.Append(string.Join(' ', r.Values.Select(Quote))).Append('\n');
            }
            else
            {
                var width = b.Columns.Max(c => c.Length) + 1;
                for (var i = 0; i < b.Columns.Count; i++)
                    sb.Append('_').Append(b.Columns[i].PadRight(width)).Append(Quote(b.Rows[0][i])).Append('\n');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Quotes a value that would otherwise not read back as one token.</summary>
    public static string Quote(string v)
    {
        var plain = v.Length > 0 && !v.Any(char.IsWhiteSpace) && v[0] is not ('\'' or '"' or '#' or '_' or ';')
                    && !v.StartsWith("data_", StringComparison.Ordinal) && v != "loop_";
        if (plain) return v;
        if (!v.Contains('"', StringComparison.Ordinal)) return $"\"{v}\"";
        return $"'{v}'";
    }
}
