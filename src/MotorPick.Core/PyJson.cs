using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MotorPick.Core;

/// <summary>
/// Writes JSON the way Python's <c>json.dumps</c> does, because the reference (split files, portal meta), copick
/// (<c>json.dump(..., indent=4)</c>) and the portal (<c>ndjson.dump</c>) write their files with it: <c>", "</c> and
/// <c>": "</c> separators on one line, or one element per line with an indent; floats as <c>repr</c>
/// (<c>169.0</c>); non-ASCII escaped as <c>\uXXXX</c> (ensure_ascii). Values: null, bool, int/long, float/double,
/// string, <see cref="RawNumber"/>, ordered objects (<see cref="Obj"/> or any sequence of string/value pairs) and
/// lists (any other <see cref="System.Collections.IEnumerable"/>).
/// </summary>
public static class PyJson
{
    /// <summary>An ordered JSON object, written in insertion order as Python's dicts are.</summary>
    public sealed class Obj : List<KeyValuePair<string, object?>>
    {
        public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));
    }

    /// <summary>A JSON number kept exactly as it was written (e.g. read from an existing file).</summary>
    public readonly record struct RawNumber(string Text);

    /// <param name="indent">null: one line as <c>json.dumps(obj)</c>; n: as <c>json.dumps(obj, indent=n)</c>.</param>
    /// <param name="allowNonFinite">
    /// true: NaN and infinities are written as Python does (<c>NaN</c>, <c>Infinity</c>), which only Python reads back;
    /// false: they are refused, for files that other tools must parse.
    /// </param>
    public static string Serialize(object? value, int? indent = null, bool allowNonFinite = true)
    {
        var sb = new StringBuilder(1024);
        new Writer(sb, indent, allowNonFinite).Write(value, 0);
        return sb.ToString();
    }

    /// <summary>Appends one value on one line (<c>json.dumps(obj)</c>).</summary>
    public static void Write(StringBuilder sb, object? value) => new Writer(sb, null, true).Write(value, 0);

    /// <summary>Python's json float: repr, with NaN / Infinity / -Infinity spelled as json.dump does.</summary>
    public static string Float(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyFormat.Float(d);

    /// <summary>A JSON string with ensure_ascii escaping: everything outside printable ASCII becomes <c>\uXXXX</c>.</summary>
    public static void String(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7E) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Converts a parsed node tree (an existing file) to writable values, keeping numbers as written.</summary>
    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.Aggregate(new Obj(), (acc, kv) => { acc.Add(kv.Key, FromNode(kv.Value)); return acc; }),
        JsonArray a => a.Select(FromNode).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => new RawNumber(v.ToJsonString()),
            _ => null,
        },
        _ => throw new ArgumentException("unexpected JSON node"),
    };

    private sealed class Writer(StringBuilder sb, int? indent, bool allowNonFinite)
    {
        public void Write(object? value, int level)
        {
            switch (value)
            {
                case null: sb.Append("null"); break;
                case bool b: sb.Append(b ? "true" : "false"); break;
                case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
                case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
                case double d: Number(d); break;
                case float f: Number(f); break;
                case RawNumber r: sb.Append(r.Text); break;
                case string s: String(sb, s); break;
                case IEnumerable<KeyValuePair<string, object?>> obj:
                    var pairs = obj as IReadOnlyList<KeyValuePair<string, object?>> ?? obj.ToList();
                    Container('{', '}', pairs.Count, level, k =>
                    {
                        String(sb, pairs[k].Key);
                        sb.Append(": ");
                        Write(pairs[k].Value, level + 1);
                    });
                    break;
                case System.Collections.IEnumerable list:
                    var items = list.Cast<object?>().ToList();
                    Container('[', ']', items.Count, level, k => Write(items[k], level + 1));
                    break;
                default: throw new ArgumentException($"cannot write a {value.GetType().Name} as JSON");
            }
        }

        private void Number(double d)
        {
            if (!allowNonFinite && !double.IsFinite(d)) throw new MotorPickException($"cannot write the non-finite number {d} to JSON");
            sb.Append(Float(d));
        }

        // Python's layout: "[]" for empty containers; with an indent, one item per line and "," without a space.
        private void Container(char open, char close, int count, int level, Action<int> item)
        {
            sb.Append(open);
            if (count == 0) { sb.Append(close); return; }
            for (var k = 0; k < count; k++)
            {
                if (k > 0) sb.Append(indent is null ? ", " : ",");
                if (indent is { } n) sb.Append('\n').Append(' ', n * (level + 1));
                item(k);
            }
            if (indent is { } m) sb.Append('\n').Append(' ', m * level);
            sb.Append(close);
        }
    }
}
