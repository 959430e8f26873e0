using System.Text.Json;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Jpeg;

/// <summary>Expected values of one fixture in tests/fixtures/peer/manifest.json.</summary>
internal sealed record ManifestEntry(int[] ShapeZyx, double Sum, double SumSq, double Min, double Max, (int[] Zyx, double Value)[] Samples);

internal static class PeerManifest
{
    public static ManifestEntry Find(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("peer", "manifest.json")));
        foreach (var f in doc.RootElement.GetProperty("files").EnumerateArray())
        {
            if (f.GetProperty("path").GetString() != path) continue;
            var samples = f.GetProperty("samples").EnumerateArray()
                .Select(s => (s.GetProperty("zyx").EnumerateArray().Select(e => e.GetInt32()).ToArray(), s.GetProperty("value").GetDouble()))
                .ToArray();
            return new ManifestEntry(
                f.GetProperty("shape_zyx").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                f.GetProperty("sum").GetDouble(), f.GetProperty("sum_sq").GetDouble(),
                f.GetProperty("min").GetDouble(), f.GetProperty("max").GetDouble(), samples);
        }
        throw new KeyNotFoundException(path);
    }
}
