using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MotorPick.Core;

namespace MotorPick.Interop.Sidecar;

/// <summary>JSON writing helpers: floats as Python writes them (<c>169.0</c>), so files match the tools' own output.</summary>
internal static class JsonText
{
    public static string Write(Action<Utf8JsonWriter> body, bool indented = true, int indentSize = 4)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions
               {
                   Indented = indented,
                   IndentSize = indentSize,
                   Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
               }))
        {
            body(w);
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    public static void Float(this Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        w.Float(v);
    }

    public static void Float(this Utf8JsonWriter w, double v)
    {
        if (!double.IsFinite(v)) throw new MotorPickException($"cannot write the non-finite number {v} to JSON");
        w.WriteRawValue(PyFormat.Float(v), skipInputValidation: true);
    }

    public static void Ints(this Utf8JsonWriter w, string name, params int[] values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }
}
