using System.Text.Json;
using MotorPick.Core;
using MotorPick.Formats.Npy;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Zarr;

/// <summary>The compressor entry of a .zarray (numcodecs config). Unused fields are null.</summary>
public sealed record ZarrCompressorSpec(string Id, string? Cname = null, int? Clevel = null, int? Shuffle = null, int? Blocksize = null, int? Level = null);

/// <summary>
/// A zarr v2 <c>.zarray</c>: shape, chunk shape, dtype, fill value, compressor, dimension separator.
/// Only what MotorPick can read is accepted: C order, no filters, dtypes |i1 |u1 &lt;i2 &lt;u2 &lt;f2 &lt;f4 &lt;f8 (and big-endian forms).
/// </summary>
public sealed record ZarrArrayMetadata(
    long[] Shape, int[] Chunks, VoxelType VoxelType, bool BigEndian, double FillValue, ZarrCompressorSpec? Compressor, char DimensionSeparator)
{
    /// <summary>The numpy dtype string (e.g. "&lt;f4").</summary>
    public string DType => BigEndian ? ">" + NpyHeader.Descr(VoxelType)[1..] : NpyHeader.Descr(VoxelType);

    /// <summary>Bytes of one decompressed chunk (every chunk, including edge chunks, is stored at full size).</summary>
    public long ChunkBytes
    {
        get
        {
            // Saturates at long.MaxValue: a product of int chunk sizes can overflow long, and a wrapped value would pass size checks.
            long n = VoxelType.Size();
            foreach (var c in Chunks)
                n = c <= 0 ? 0 : n > long.MaxValue / c ? long.MaxValue : n * c;
            return n;
        }
    }

    /// <summary>Parses a .zarray document; <paramref name="where"/> names it in errors.</summary>
    public static ZarrArrayMetadata Parse(ReadOnlySpan<byte> json, string where)
    {
        // JsonDocument checks UTF-8 only when a string is read (with an InvalidOperationException): check it first.
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new MotorPickException("invalid .zarray: not valid UTF-8 text", where);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"invalid JSON in .zarray: {ex.Message}", where, inner: ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            JsonStrings.Require(root, where);
            if (root.ValueKind != JsonValueKind.Object) throw Bad(where, "zarr_format", "the document is not a JSON object");
            int format = Int(root, "zarr_format", where);
            if (format != 2) throw Bad(where, "zarr_format", $"zarr_format is {format}; only zarr v2 is supported");

            long[] shape = Array(root, "shape", where).Select(e => Long(e, "shape", where)).ToArray();
            int[] chunks = Array(root, "chunks", where).Select(e => Long(e, "chunks", where) is var c && c is >= 0 and <= int.MaxValue
                ? (int)c : throw Bad(where, "chunks", $"chunk size {c} is outside 1..{int.MaxValue}")).ToArray();
            if (shape.Length == 0 || shape.Length != chunks.Length)
                throw Bad(where, "chunks", $"shape has {shape.Length} dimensions and chunks {chunks.Length}; they must match");
            if (shape.Any(s => s < 0)) throw Bad(where, "shape", $"negative dimension in shape [{string.Join(", ", shape)}]");
            if (chunks.Any(c => c <= 0)) throw Bad(where, "chunks", $"chunk sizes must be positive: [{string.Join(", ", chunks)}]");

            if (!root.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
                throw Bad(where, "dtype", "missing or not a string (structured dtypes are not supported)");
            var dtype = dt.GetString()!;
            var parsed = NpyHeader.ParseDescr(dtype)
                ?? throw Bad(where, "dtype", $"dtype '{dtype}' is not supported (|i1 |u1 <i2 <u2 <f2 <f4 <f8)");

            string order = root.TryGetProperty("order", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : "C";
            if (order != "C") throw Bad(where, "order", $"order '{order}' is not supported; only C order is");

            if (root.TryGetProperty("filters", out var filters) && filters.ValueKind == JsonValueKind.Array && filters.GetArrayLength() > 0)
                throw Bad(where, "filters", $"filters {filters.GetRawText()} are not supported");

            char separator = '.';
            if (root.TryGetProperty("dimension_separator", out var sep) && sep.ValueKind == JsonValueKind.String)
            {
                var s = sep.GetString();
                separator = s switch
                {
                    "." => '.',
                    "/" => '/',
                    _ => throw Bad(where, "dimension_separator", $"'{s}' is not a zarr v2 separator ('.' or '/')"),
                };
            }

            double fill = 0;
            if (root.TryGetProperty("fill_value", out var fv))
            {
                fill = fv.ValueKind switch
                {
                    JsonValueKind.Null => 0, // zarr leaves missing chunks undefined; MotorPick reads them as 0
                    JsonValueKind.Number => fv.GetDouble(),
                    JsonValueKind.String => fv.GetString() switch
                    {
                        "NaN" => double.NaN,
                        "Infinity" => double.PositiveInfinity,
                        "-Infinity" => double.NegativeInfinity,
                        var s => throw Bad(where, "fill_value", $"'{s}' is not a number, NaN, Infinity or -Infinity"),
                    },
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    _ => throw Bad(where, "fill_value", $"{fv.GetRawText()} is not a number"),
                };
            }

            ZarrCompressorSpec? compressor = null;
            if (root.TryGetProperty("compressor", out var c) && c.ValueKind != JsonValueKind.Null)
            {
                if (c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
                    throw Bad(where, "compressor", $"{c.GetRawText()} has no string 'id'");
                compressor = new ZarrCompressorSpec(id.GetString()!, OptString(c, "cname"), OptInt(c, "clevel"), OptInt(c, "shuffle"), OptInt(c, "blocksize"), OptInt(c, "level"));
            }

            return new ZarrArrayMetadata(shape, chunks, parsed.Type, parsed.BigEndian, fill, compressor, separator);
        }
    }

    /// <summary>The .zarray document zarr-python 2 writes (sorted keys, 4-space indent).</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, IndentSize = 4, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("chunks");
            foreach (var c in Chunks) w.WriteNumberValue(c);
            w.WriteEndArray();
            if (Compressor is null) w.WriteNull("compressor");
            else
            {
                w.WriteStartObject("compressor");
                if (Compressor.Blocksize is { } bs) w.WriteNumber("blocksize", bs);
                if (Compressor.Clevel is { } cl) w.WriteNumber("clevel", cl);
                if (Compressor.Cname is { } cn) w.WriteString("cname", cn);
                w.WriteString("id", Compressor.Id);
                if (Compressor.Level is { } lv) w.WriteNumber("level", lv);
                if (Compressor.Shuffle is { } sh) w.WriteNumber("shuffle", sh);
                w.WriteEndObject();
            }
            w.WriteString("dimension_separator", DimensionSeparator.ToString());
            w.WriteString("dtype", DType);
            if (double.IsNaN(FillValue)) w.WriteString("fill_value", "NaN");
            else if (VoxelType.IsFloatingPoint()) w.WriteNumberValue(FillValue, "fill_value");
            else w.WriteNumber("fill_value", (long)FillValue);
            w.WriteNull("filters");
            w.WriteString("order", "C");
            w.WriteStartArray("shape");
            foreach (var s in Shape) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteNumber("zarr_format", 2);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static MotorPickException Bad(string where, string field, string message) => new($"bad .zarray: {message}", where, field: field);

    private static int Int(JsonElement root, string name, string where) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) ? v : throw Bad(where, name, "missing or not an integer");

    private static long Long(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) ? v : throw Bad(where, name, $"{e.GetRawText()} is not an integer");

    private static JsonElement.ArrayEnumerator Array(JsonElement root, string name, string where) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw Bad(where, name, "missing or not an array");

    private static string? OptString(JsonElement o, string name) => o.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static int? OptInt(JsonElement o, string name) => o.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) ? v : null;
}

internal static class Utf8JsonWriterExtensions
{
    /// <summary>Writes a float fill value the way Python's json does for whole numbers (0.0, not 0).</summary>
    public static void WriteNumberValue(this Utf8JsonWriter w, double value, string name)
    {
        w.WritePropertyName(name);
        if (double.IsPositiveInfinity(value)) w.WriteStringValue("Infinity");
        else if (double.IsNegativeInfinity(value)) w.WriteStringValue("-Infinity");
        else if (value == Math.Floor(value) && Math.Abs(value) < 1e15) w.WriteRawValue(((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".0");
        else w.WriteNumberValue(value);
    }
}
