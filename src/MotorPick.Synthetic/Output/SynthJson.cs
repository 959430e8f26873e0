using System.Text.Json;
using System.Text.Json.Serialization;
using MotorPick.Synthetic.Geometry;

namespace MotorPick.Synthetic.Output;

/// <summary>JSON settings of synth.json: camelCase names, vectors as [z, y, x] arrays, indented.</summary>
public static class SynthJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        o.Converters.Add(new ZyxVectorConverter());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }

    private sealed class ZyxVectorConverter : JsonConverter<ZyxVector>
    {
        public override ZyxVector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var a = JsonSerializer.Deserialize<double[]>(ref reader, options);
            if (a is not { Length: 3 }) throw new JsonException("expected [z, y, x]");
            return new ZyxVector(a[0], a[1], a[2]);
        }

        public override void Write(Utf8JsonWriter writer, ZyxVector value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(value.Z);
            writer.WriteNumberValue(value.Y);
            writer.WriteNumberValue(value.X);
            writer.WriteEndArray();
        }
    }
}
