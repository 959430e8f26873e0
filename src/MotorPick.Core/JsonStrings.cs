using System.Text.Json;

namespace MotorPick.Core;

/// <summary>
/// Checks a parsed JSON document before it is read. JsonDocument.Parse accepts raw bytes that are not UTF-8 inside strings and
/// escapes of lone UTF-16 surrogates ("\\ud800"), and then throws InvalidOperationException from GetString, property lookups
/// and GetRawText. Checking once after parsing turns those into a <see cref="MotorPickException"/> naming the file.
/// </summary>
public static class JsonStrings
{
    /// <summary>Throws unless every string and property name of <paramref name="root"/> is valid Unicode.</summary>
    public static void Require(JsonElement root, string path, long? line = null)
    {
        try
        {
            Visit(root);
        }
        catch (InvalidOperationException ex)
        {
            throw new MotorPickException($"a JSON string is not valid Unicode (bytes that are not UTF-8, or an escaped lone surrogate such as \\ud800): {ex.Message}", path, line, inner: ex);
        }
    }

    private static void Visit(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    _ = p.Name;
                    Visit(p.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) Visit(item);
                break;
            case JsonValueKind.String:
                _ = e.GetString();
                break;
        }
    }
}
