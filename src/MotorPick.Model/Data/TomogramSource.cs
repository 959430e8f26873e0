using System.Globalization;
using MotorPick.Core;
using MotorPick.Volumes.Sources;

namespace MotorPick.Model.Data;

/// <summary>
/// Loads a tomogram of the data (<see cref="TomogramDirectory"/>: any format, one or more roots, the quantisation fix
/// applied) as uint8 at the target spacing, caching the result as <c>&lt;cache&gt;/&lt;id&gt;@&lt;spacing&gt;A.npy</c> so
/// that later runs skip decoding and re-spacing. A fixed tomogram's copy is named <c>&lt;id&gt;@&lt;spacing&gt;A.fix127.npy</c>,
/// so a cache written before the fix reached training is never taken for the fixed volume.
/// </summary>
public sealed class TomogramSource(TomogramDirectory data, string cacheDir)
{
    /// <summary>The tomograms of one folder (<see cref="TomogramDirectory.Open(string, TomogramDirectoryOptions?)"/>).</summary>
    public TomogramSource(string dataDir, string cacheDir) : this(TomogramDirectory.Open(dataDir), cacheDir) { }

    public TomogramDirectory Data => data;
    public string CacheDir => cacheDir;

    public string CachePath(string id, double targetSpacing)
    {
        var fixedSuffix = data.Options.QuantisationFix && Volumes.Intensity.Quantisation.CompetitionIds.Contains(id) ? ".fix127" : "";
        return Identifiers.Child(cacheDir, id, $"@{targetSpacing.ToString("0.###", CultureInfo.InvariantCulture)}A{fixedSuffix}.npy");
    }

    public Grid3<byte> Load(string id, double originalSpacing, double targetSpacing, out bool fromCache)
    {
        var cache = CachePath(id, targetSpacing);
        if (File.Exists(cache))
        {
            fromCache = true;
            return VolumeIo.ReadNpyUInt8(cache);
        }
        fromCache = false;
        Grid3<byte> spaced;
        using (var reader = data.OpenVolume(id))
            spaced = VolumeIo.ReadRespaced(reader, originalSpacing, targetSpacing);
        Directory.CreateDirectory(cacheDir);
        VolumeIo.WriteNpyUInt8(cache, spaced);
        return spaced;
    }

    /// <summary>The path of tomogram <paramref name="id"/> in the data.</summary>
    public string Find(string id) => data.Get(id).Path;
}
