using System.Security.Cryptography;
using MotorPick.Curation.Rendering;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Npy;
using MotorPick.Tests;

namespace MotorPick.Curation.Tests.Rendering;

/// <summary>
/// The heatmap panel of a review image, read from a float16 .npy as predict saves it: its pixels are pinned by hash
/// (recorded when the panel moved from the old Heatmap class into <see cref="HeatmapPanel"/>, checked equal to it then),
/// so the review images stay byte-identical.
/// </summary>
public class HeatmapPanelTests
{
    [Fact]
    public void A_saved_float16_heatmap_renders_the_same_panel_pixels()
    {
        using var dir = new TempDir();
        var shape = new VolumeShape(5, 7, 9);
        var values = Enumerable.Range(0, (int)shape.VoxelCount).Select(i => (Half)((i * 37 % 101) / 100f)).ToArray();
        var path = dir.File("tomo_a.npy");
        NpyWriter.Write<Half>(path, values, shape);

        var heatmap = HeatmapFile.Read(path);
        Assert.Equal(shape, heatmap.Shape);
        Assert.False(heatmap.VoxelSize.IsKnown); // the file records no spacing
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var z in new[] { 0, 13, 27, 39 }) hash.AppendData(HeatmapPanel.Render(heatmap, z, tomoZ: 40, height: 31, width: 45).Pixels);
        Assert.Equal("1a49340a3126cc920e6c91a7ff5ea60310a4695c62cdd02ff96e772ca2340c6f", Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
