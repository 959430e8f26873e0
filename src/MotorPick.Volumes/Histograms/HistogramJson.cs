using System.Globalization;
using System.Text;
using System.Text.Json;
using MotorPick.Core;

namespace MotorPick.Volumes.Histograms;

/// <summary>Reads and writes <c>histogram.json</c> exactly as Python's <c>json.dump</c> wrote it: one line,
/// <c>", "</c> and <c>": "</c> separators, keys in insertion (label-file) order.</summary>
public static class HistogramJson
{
    public static string Serialize(IEnumerable<TomogramHistogram> entries)
    {
        var sb = new StringBuilder(1 << 16);
        sb.Append('{');
        var first = true;
        foreach (var e in entries)
        {
            if (e.OriShape.Length != 3 || e.SpacedShape.Length != 3 || e.Hist.Length != 256)
                throw new ArgumentException($"{e.TomoId}: expected 3-axis shapes and 256 bins");
            if (!first) sb.Append(", ");
            first = false;
            sb.Append(JsonSerializer.Serialize(e.TomoId)).Append(": {\"ori_shape\": ");
            List(sb, e.OriShape.Select(v => (long)v));
            sb.Append(", \"spaced_shape\": ");
            List(sb, e.SpacedShape.Select(v => (long)v));
            sb.Append(", \"hist\": ");
            List(sb, e.Hist);
            sb.Append('}');
        }
        return sb.Append('}').ToString();
    }

    /// <summary>Writes atomically (temp + rename).</summary>
    public static void Write(string path, IEnumerable<TomogramHistogram> entries) => AtomicFile.WriteAllText(path, Serialize(entries));

    public static IReadOnlyList<TomogramHistogram> Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException ex) { throw new MotorPickException($"cannot read ({ex.Message})", path, inner: ex); }
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new MotorPickException("expected a JSON object of tomograms", path);
            var list = new List<TomogramHistogram>();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                int[] Ints(string key, int n)
                {
                    if (!p.Value.TryGetProperty(key, out var a) || a.ValueKind != JsonValueKind.Array || a.GetArrayLength() != n)
                        throw new MotorPickException($"{p.Name}: '{key}' must be a list of {n} integers", path, field: key);
                    return a.EnumerateArray().Select(x => x.GetInt32()).ToArray();
                }
                var ori = Ints("ori_shape", 3);
                var spaced = Ints("spaced_shape", 3);
                var hist = p.Value.TryGetProperty("hist", out var h) && h.ValueKind == JsonValueKind.Array && h.GetArrayLength() == 256
                    ? h.EnumerateArray().Select(x => x.GetInt64()).ToArray()
                    : throw new MotorPickException($"{p.Name}: 'hist' must be a list of 256 integers", path, field: "hist");
                list.Add(new TomogramHistogram(p.Name, ori, spaced, hist));
            }
            return list;
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"invalid JSON ({ex.Message})", path, inner: ex);
        }
    }

    private static void List(StringBuilder sb, IEnumerable<long> values)
    {
        sb.Append('[');
        var first = true;
        foreach (var v in values)
        {
            if (!first) sb.Append(", ");
            first = false;
            sb.Append(v.ToString(CultureInfo.InvariantCulture));
        }
        sb.Append(']');
    }
}
