using System.Collections.Concurrent;
using MotorPick.Formats.Zarr;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Zarr;

/// <summary>A store wrapper that records which keys were read.</summary>
internal sealed class CountingStore(IChunkStore inner) : IChunkStore
{
    public ConcurrentBag<string> Keys { get; } = [];

    public ValueTask<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken = default)
    {
        Keys.Add(key);
        return inner.TryReadAsync(key, cancellationToken);
    }

    public string Describe(string key) => inner.Describe(key);
}

internal static class ZarrTestFiles
{
    public static string Peer(string name) => Fixtures.Path("peer", "zarr", name);

    /// <summary>The extra fixtures made by Data/make_extra_zarr.py (python3-zarr 2.13.6).</summary>
    public static string Extra(string name) =>
        Path.Combine(Fixtures.Dir, "..", "MotorPick.Formats.Tests", "Zarr", "Data", name + ".zarr");

    /// <summary>The pattern the extra fixtures hold (before the dtype cast).</summary>
    public static double Pattern(int z, int y, int x) => ((z * 131 + y * 31 + x * 7) % 251) - 100;

    /// <summary>Copies a fixture directory so that a test can damage it.</summary>
    public static string CopyTo(string source, TempDir dir)
    {
        var target = Path.Combine(dir.Path, Path.GetFileName(source));
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(source, file);
            var dest = Path.Combine(target, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return target;
    }
}
