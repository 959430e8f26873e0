using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Aggregation;

/// <summary>Where one patch heatmap goes in the tomogram heatmap: destination and source ranges per axis (half-open).</summary>
public readonly record struct Placement((int Start, int End) DstZ, (int Start, int End) DstY, (int Start, int End) DstX,
    (int Start, int End) SrcZ, (int Start, int End) SrcY, (int Start, int End) SrcX);

/// <summary>
/// The aggregation grid of a re-spaced tomogram (docs/reference.md 5.6): <c>A_i = round(T_i / stride)</c> cells (half-even),
/// scale <c>A_i / T_i</c> (close to but not exactly 1/stride), patch heatmaps resized to <c>P_i = round(patch_i * scale_i)</c>
/// and placed with <see cref="ScaleRange"/>.
/// </summary>
public sealed class HeatmapGrid
{
    public HeatmapGrid(VolumeShape volume, int stride, VolumeShape patch)
    {
        if (stride < 1) throw new MotorPickException($"heatmap stride must be at least 1, got {stride}", field: "stride");
        Volume = volume;
        Stride = stride;
        Patch = patch;
        // At least one cell: the reference would fail on an axis shorter than stride/2; such volumes still get a heatmap here.
        Shape = new VolumeShape(Cells(volume.Z, stride), Cells(volume.Y, stride), Cells(volume.X, stride));
        ScaleZ = (double)Shape.Z / volume.Z;
        ScaleY = (double)Shape.Y / volume.Y;
        ScaleX = (double)Shape.X / volume.X;
        PatchHeatmap = new VolumeShape(ScaleRange.PyRound(patch.Z * ScaleZ), ScaleRange.PyRound(patch.Y * ScaleY), ScaleRange.PyRound(patch.X * ScaleX));
    }

    /// <summary>The re-spaced volume shape T.</summary>
    public VolumeShape Volume { get; }

    public int Stride { get; }

    /// <summary>The window size in re-spaced voxels.</summary>
    public VolumeShape Patch { get; }

    /// <summary>The tomogram heatmap shape A.</summary>
    public VolumeShape Shape { get; }

    public double ScaleZ { get; }
    public double ScaleY { get; }
    public double ScaleX { get; }

    /// <summary>The size P every patch heatmap is resized to before placement.</summary>
    public VolumeShape PatchHeatmap { get; }

    private static int Cells(int length, int stride) => Math.Max(1, ScaleRange.PyRound((double)length / stride));

    /// <summary>Destination and source ranges of <paramref name="window"/> (its padded parts left out).</summary>
    public Placement Place(PatchWindow window)
    {
        var top = window.TopPad;
        var bottom = window.BottomPad(Volume);
        return new Placement(
            ScaleRange.Compute(window.Z + top.Z, window.Z + window.Size.Z - bottom.Z, ScaleZ, 0, Shape.Z),
            ScaleRange.Compute(window.Y + top.Y, window.Y + window.Size.Y - bottom.Y, ScaleY, 0, Shape.Y),
            ScaleRange.Compute(window.X + top.X, window.X + window.Size.X - bottom.X, ScaleX, 0, Shape.X),
            ScaleRange.Compute(top.Z, window.Size.Z - bottom.Z, ScaleZ, 0, PatchHeatmap.Z),
            ScaleRange.Compute(top.Y, window.Size.Y - bottom.Y, ScaleY, 0, PatchHeatmap.Y),
            ScaleRange.Compute(top.X, window.Size.X - bottom.X, ScaleX, 0, PatchHeatmap.X));
    }
}
