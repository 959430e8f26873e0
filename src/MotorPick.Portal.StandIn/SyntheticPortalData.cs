using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Zarr;
using MotorPick.Synthetic;
using MotorPick.Synthetic.Output;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Portal.StandIn;

/// <summary>How <see cref="SyntheticPortalData.Write"/> makes a stand-in catalogue.</summary>
public sealed record SyntheticPortalOptions
{
    public int Count { get; init; } = 6;

    /// <summary>(Z, Y, X) of every tomogram.</summary>
    public int[] Shape { get; init; } = [32, 96, 96];

    /// <summary>Voxel spacing in A (below 16 so that the ingest re-spaces).</summary>
    public double Spacing { get; init; } = 10.0;

    /// <summary>Zarr chunk edge (small values give many chunks to download).</summary>
    public int ChunkSize { get; init; } = 32;

    public ulong Seed { get; init; } = 7;

    /// <summary>Chances of 0, 1, 2 and 3+ motors per run (null: the generator's); the demo's runs, like the portal's motor
    /// runs, all hold at least one.</summary>
    public double[]? MotorCountWeights { get; init; }

    /// <summary>Every n-th run is stored as integers in the int8 range (as most portal tomograms are); 0 = none.</summary>
    public int Int8Every { get; init; } = 2;

    /// <summary>Make the last run a wrapped int8 one, named <see cref="WrappedName"/>.</summary>
    public bool IncludeWrapped { get; init; } = true;

    /// <summary>The wrapped run's name: by default <c>mba2011-02-16-1</c>, on the reference's fix list; another name is one
    /// only <c>--quant-fix auto</c> finds.</summary>
    public string WrappedName { get; init; } = "mba2011-02-16-1";
}

/// <summary>
/// Writes synthetic tomograms in the layout of <c>motorpick synth --format all</c> (float32 MRC, blosc-lz4 OME-Zarr and
/// motor point ndjson under <c>portal/&lt;run&gt;/</c>) for the local stand-in, with control over chunking and over the
/// value encodings the portal has (float, int8-range integers, wrapped int8).
/// </summary>
public static class SyntheticPortalData
{
    public static IReadOnlyList<string> Write(string dataDir, SyntheticPortalOptions options)
    {
        var synth = new SynthOptions
        {
            Count = options.Count, Seed = options.Seed, ShapeMode = ShapeMode.Fixed, FixedShape = options.Shape, FixedSpacing = options.Spacing,
        };
        if (options.MotorCountWeights is { } weights) synth = synth with { MotorCountWeights = weights };
        var names = new List<string>();
        foreach (var spec in TomogramGenerator.SampleAll(synth))
        {
            var i = spec.Index;
            var wrapped = options.IncludeWrapped && i == options.Count - 1;
            var name = wrapped ? options.WrappedName : spec.TomoId;
            names.Add(name);
            var dir = Path.Combine(dataDir, "portal", name);
            Directory.CreateDirectory(dir);
            var floats = TomogramGenerator.Render(spec, threads: 1).ToPortalFloats();
            if (wrapped) Quantise(floats, wrap: true);
            else if (options.Int8Every > 0 && i % options.Int8Every == 1) Quantise(floats, wrap: false);
            var shape = new VolumeShape(spec.Z, spec.Y, spec.X);
            var voxel = VoxelSize.Isotropic(spec.SpacingA);
            MrcWriter.Write<float>(Path.Combine(dir, name + ".mrc"), floats, shape, voxel, new MrcWriteOptions { Labels = ["MotorPick stand-in " + name] });
            var zarr = Path.Combine(dir, name + ".zarr");
            if (Directory.Exists(zarr)) Directory.Delete(zarr, recursive: true);
            OmeZarrWriter.Write(zarr, floats, shape, voxel, new OmeZarrWriteOptions { ChunkSize = options.ChunkSize, MaxDegreeOfParallelism = 1 });
            AtomicFile.WriteAllText(Path.Combine(dir, name + "_flagellar_motor.ndjson"), SyntheticDatasetWriter.PointsNdjson(spec));
        }
        return names;
    }

    /// <summary>Integers in -128..127 (about 25 grey levels per standard deviation); wrapped: the uint8 reading of those
    /// values (v + 128) stored as int8, as the portal's wrongly quantised runs are.</summary>
    private static void Quantise(float[] v, bool wrap)
    {
        for (var i = 0; i < v.Length; i++)
        {
            var q = (int)Math.Clamp(MathF.Round(v[i] * 25f), -128, 127);
            if (wrap)
            {
                var u = q + 128;
                q = u >= 128 ? u - 256 : u;
            }
            v[i] = q;
        }
    }
}
