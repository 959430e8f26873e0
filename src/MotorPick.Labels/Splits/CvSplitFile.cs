using System.Text;
using System.Text.Json;
using MotorPick.Core;

namespace MotorPick.Labels.Splits;

/// <summary>Reads and writes split JSON files exactly as Python's <c>json.dump</c> wrote the reference's.</summary>
public static class CvSplitFile
{
    public static CvSplit Read(string path)
    {
        if (!File.Exists(path)) throw new MotorPickException("file not found", path);
        try
        {
            var bytes = File.ReadAllBytes(path);
            // JsonDocument checks UTF-8 only when a string is read, with an InvalidOperationException: check it first.
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
                throw new MotorPickException($"not valid UTF-8 text (first bad byte at offset {InvalidUtf8At(bytes)})", path);
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            JsonStrings.Require(root, path);
            if (root.ValueKind != JsonValueKind.Object) throw new MotorPickException("expected a JSON object", path);
            var splitter = root.TryGetProperty("splitter", out var s) && s.ValueKind != JsonValueKind.Null ? Text(s, "splitter", path) : "";
            var folds = Required(root, "folds", JsonValueKind.Array, path);
            var list = new List<CvFold>();
            var i = 0;
            foreach (var f in folds.EnumerateArray())
            {
                if (f.ValueKind != JsonValueKind.Object)
                    throw new MotorPickException($"fold {i} is {f.ValueKind.ToString().ToLowerInvariant()}, expected an object with 'train' and 'val'", path, field: $"folds[{i}]");
                list.Add(new CvFold(Ids(f, "train", i, path), Ids(f, "val", i, path)));
                i++;
            }
            var n = root.TryGetProperty("num_folds", out var nf) && nf.ValueKind == JsonValueKind.Number
                ? (nf.TryGetInt32(out var nv) ? nv : throw new MotorPickException($"num_folds {nf.GetRawText()} is not an integer", path, field: "num_folds"))
                : list.Count;
            if (n != list.Count) throw new MotorPickException($"num_folds is {n} but 'folds' has {list.Count} entries", path, field: "num_folds");
            long? rs = root.TryGetProperty("random_state", out var r) && r.ValueKind == JsonValueKind.Number
                ? (r.TryGetInt64(out var rv) ? rv : throw new MotorPickException($"random_state {r.GetRawText()} is not an integer", path, field: "random_state"))
                : null;
            var groupBy = root.TryGetProperty("group_by", out var g) && g.ValueKind == JsonValueKind.String ? Text(g, "group_by", path) : null;
            var split = new CvSplit(splitter, n, rs, list, groupBy);
            Validate(split, path);
            return split;
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"not valid JSON: {ex.Message}", path, ex.LineNumber + 1, inner: ex);
        }
    }

    public static void Write(string path, CvSplit split) => AtomicFile.WriteAllText(path, Format(split));

    /// <summary>Python <c>json.dumps</c> with default separators (", ", ": ") and no trailing newline.</summary>
    public static string Format(CvSplit split)
    {
        var sb = new StringBuilder();
        sb.Append("{\"splitter\": ").Append(Str(split.Splitter));
        sb.Append(", \"num_folds\": ").Append(split.NumFolds);
        sb.Append(", \"random_state\": ").Append(split.RandomState?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null");
        if (split.GroupBy is not null) sb.Append(", \"group_by\": ").Append(Str(split.GroupBy));
        sb.Append(", \"folds\": [");
        for (var i = 0; i < split.Folds.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append("{\"train\": ").Append(List(split.Folds[i].Train)).Append(", \"val\": ").Append(List(split.Folds[i].Val)).Append('}');
        }
        return sb.Append("]}").ToString();
    }

    private static void Validate(CvSplit split, string path)
    {
        for (var k = 0; k < split.Folds.Count; k++)
        {
            var f = split.Folds[k];
            var train = new HashSet<string>(f.Train, StringComparer.Ordinal);
            var both = f.Val.FirstOrDefault(train.Contains);
            if (both is not null) throw new MotorPickException($"{both} is in both train and val of fold {k}", path, field: $"folds[{k}]");
        }
    }

    private static JsonElement Required(JsonElement obj, string name, JsonValueKind kind, string path)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind != kind)
            throw new MotorPickException($"missing '{name}' ({kind.ToString().ToLowerInvariant()})", path, field: name);
        return v;
    }

    private static IReadOnlyList<string> Ids(JsonElement fold, string name, int k, string path)
    {
        if (!fold.TryGetProperty(name, out var a) || a.ValueKind != JsonValueKind.Array)
            throw new MotorPickException($"fold {k} has no '{name}' list", path, field: $"folds[{k}].{name}");
        return a.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? Text(e, $"folds[{k}].{name}", path)
            : throw new MotorPickException($"fold {k} '{name}' holds a non-string id", path, field: $"folds[{k}].{name}")).ToArray();
    }

    /// <summary>A JSON string's text (the document's strings were checked by <see cref="JsonStrings.Require"/>).</summary>
    private static string Text(JsonElement e, string field, string path)
    {
        if (e.ValueKind != JsonValueKind.String)
            throw new MotorPickException($"expected a string, found {e.ValueKind.ToString().ToLowerInvariant()}", path, field: field);
        return e.GetString()!;
    }

    private static int InvalidUtf8At(byte[] bytes)
    {
        System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return read;
    }

    private static string List(IEnumerable<string> ids) => "[" + string.Join(", ", ids.Select(Str)) + "]";

    private static string Str(string s)
    {
        var sb = new StringBuilder();
        PyJson.String(sb, s);
        return sb.ToString();
    }
}
