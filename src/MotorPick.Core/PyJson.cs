using System.Globalization;
using System.Text;

namespace MotorPick.Core;

/// <summary>
/// Writes JSON the way Python's <c>json.dump(obj, f)</c> does with default arguments: one line, <c>", "</c> and
/// <c>": "</c> separators, floats as <c>repr</c> (NaN, Infinity), non-ASCII escaped as <c>\uXXXX</c>.
/// Values: null, bool, int/long, float/double, string, <see cref="PyFloat32"/>, lists (IEnumerable) and
/// ordered objects (<see cref="IEnumerable{T}"/> of key/value pairs).
/// </summary>
public static class PyJson
{
    public static string Serialize(object? value)
    {
        var sb = new StringBuilder(1024);
        Write(sb, value);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(Float(d)); break;
            case float f: sb.Append(Float(f)); break;
            case string s: String(sb, s); break;
            case IEnumerable<KeyValuePair<string, object?>> obj:
                sb.Append('{');
                var firstKey = true;
                foreach (var (k, v) in obj)
                {
                    if (!firstKey) sb.Append(", ");
                    firstKey = false;
                    String(sb, k);
                    sb.Append(": ");
                    Write(sb, v);
                }
                sb.Append('}');
                break;
            case System.Collections.IEnumerable list:
                sb.Append('[');
                var first = true;
                foreach (var v in list)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    Write(sb, v);
                }
                sb.Append(']');
                break;
            default: throw new ArgumentException($"cannot write a {value.GetType().Name} as JSON");
        }
    }

    /// <summary>Python's json float: repr, with NaN / Infinity / -Infinity spelled as json.dump does.</summary>
    public static string Float(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyFormat.Float(d);

    /// <summary>A JSON string with ensure_ascii escaping.</summary>
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
}
