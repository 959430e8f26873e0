using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;

namespace MotorPick.Interop.Sidecar;

/// <summary>A JSON number kept as written (e.g. read from an existing file).</summary>
internal readonly record struct RawNumber(string Text);

/// <summary>
/// Writes JSON as Python's <c>json.dumps</c> does, because copick (<c>json.dump(..., indent=4)</c>) and the portal
/// (<c>ndjson.dump</c>) write their files with it: floats in repr form (<c>169.0</c>), <c>", "</c> and <c>": "</c>
/// separators on one line, or one element per line with <paramref name="indent"/>. Values: ordered objects
/// (<see cref="Obj"/>), lists, string, double, int, long, bool, null, <see cref="RawNumber"/>.
/// </summary>
internal static class PyJson
{
    public sealed class Obj : List<KeyValuePair<string, object?>>
    {
        public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));
    }

    public static string Dumps(object? value, int? indent = null)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, int? indent, int level)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case string s: sb.Append(JsonSerializer.Serialize(s, Options)); break;
            case double d:
                if (!double.IsFinite(d)) throw new MotorPickException($"cannot write the non-finite number {d} to JSON");
                sb.Append(PyFormat.Float(d));
                break;
            case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case RawNumber r: sb.Append(r.Text); break;
            case Obj o:
                Container(sb, '{', '}', o.Count, indent, level, k =>
                {
                    Write(sb, o[k].Key, indent, level + 1);
                    sb.Append(": ");
                    Write(sb, o[k].Value, indent, level + 1);
                });
                break;
            case System.Collections.IEnumerable e:
                var items = e.Cast<object?>().ToList();
                Container(sb, '[', ']', items.Count, indent, level, k => Write(sb, items[k], indent, level + 1));
                break;
            default: throw new ArgumentException($"cannot write a {value.GetType().Name} to JSON");
        }
    }

    private static void Container(StringBuilder sb, char open, char close, int count, int? indent, int level, Action<int> item)
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

    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
}
