using System.Text.Json;

namespace MotorPick.Interop.Tests;

/// <summary>Compares JSON documents by meaning: same keys (any order) and values, numbers to 1e-9.</summary>
internal static class JsonAssert
{
    public static void Equivalent(string expected, string actual, params string[] ignoreKeys)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Compare(e.RootElement, a.RootElement, "$", ignoreKeys);
    }

    private static void Compare(JsonElement e, JsonElement a, string path, string[] ignore)
    {
        if (e.ValueKind == JsonValueKind.Number && a.ValueKind == JsonValueKind.Number)
        {
            Assert.True(Math.Abs(e.GetDouble() - a.GetDouble()) <= 1e-9 * Math.Max(1, Math.Abs(e.GetDouble())), $"{path}: expected {e.GetRawText()}, found {a.GetRawText()}");
            return;
        }
        Assert.True(e.ValueKind == a.ValueKind, $"{path}: expected {e.ValueKind}, found {a.ValueKind}");
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var ek = e.EnumerateObject().Select(p => p.Name).Where(n => !ignore.Contains(n)).Order().ToArray();
                var ak = a.EnumerateObject().Select(p => p.Name).Where(n => !ignore.Contains(n)).Order().ToArray();
                Assert.True(ek.SequenceEqual(ak), $"{path}: keys {string.Join(",", ek)} vs {string.Join(",", ak)}");
                foreach (var k in ek) Compare(e.GetProperty(k), a.GetProperty(k), $"{path}.{k}", ignore);
                break;
            case JsonValueKind.Array:
                Assert.True(e.GetArrayLength() == a.GetArrayLength(), $"{path}: array lengths {e.GetArrayLength()} vs {a.GetArrayLength()}");
                for (var i = 0; i < e.GetArrayLength(); i++) Compare(e[i], a[i], $"{path}[{i}]", ignore);
                break;
            default:
                Assert.True(e.GetRawText() == a.GetRawText(), $"{path}: expected {e.GetRawText()}, found {a.GetRawText()}");
                break;
        }
    }
}
