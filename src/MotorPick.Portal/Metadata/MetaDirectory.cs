using System.Text.Json;
using MotorPick.Core;
using MotorPick.Portal.Processing;

namespace MotorPick.Portal.Metadata;

/// <summary>One meta file as Python's json.load reads it: keys in file order, Python-typed values.</summary>
public sealed record MetaRecord(string Path, IReadOnlyDictionary<string, object?> Values)
{
    public string TomoId => (string)Values["tomo_id"]!;

    public object? Get(string key) => Values.TryGetValue(key, out var v)
        ? v
        : throw new MotorPickException($"missing key '{key}'", Path, field: key);

    /// <summary>A list of 3 integers (ori_shape, target_shape).</summary>
    public int[] Shape(string key)
    {
        if (Get(key) is List<object?> { Count: 3 } l && l.All(x => x is long)) return l.Select(x => (int)(long)x!).ToArray();
        throw new MotorPickException($"'{key}' must be a list of 3 integers", Path, field: key);
    }
}

/// <summary>Reads the <c>meta/&lt;tomo_id&gt;.json</c> files of an ingest (docs/reference.md 1.11).</summary>
public static class MetaDirectory
{
    /// <summary>Every meta file of <paramref name="dir"/>, sorted by tomo_id (temporary files are ignored).</summary>
    public static IReadOnlyList<MetaRecord> ReadAll(string dir)
    {
        if (!Directory.Exists(dir)) throw new MotorPickException("meta directory not found", dir);
        return Directory.EnumerateFiles(dir, "*.json")
            .Where(p => !AtomicFile.IsTempName(p))
            .Select(Read)
            .OrderBy(m => m.TomoId, StringComparer.Ordinal)
            .ToList();
    }

    public static MetaRecord Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new MotorPickException("expected a JSON object", path);
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject()) values[p.Name] = PyValue.FromJson(p.Value);
            var record = new MetaRecord(path, values);
            if (record.Get("tomo_id") is not string) throw new MotorPickException("'tomo_id' must be a string", path, field: "tomo_id");
            foreach (var key in ReferenceMeta.Keys) record.Get(key);
            return record;
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"invalid JSON: {ex.Message}", path, inner: ex);
        }
        catch (IOException ex)
        {
            throw new MotorPickException($"cannot read: {ex.Message}", path, inner: ex);
        }
    }
}
