using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Sources;
using MotorPick.Synthetic.Geometry;
using MotorPick.Synthetic.Output;
using MotorPick.Synthetic.Scene;
using NetVips;

namespace MotorPick.Synthetic.Preview;

/// <summary>What a preview tile shows.</summary>
public sealed record PreviewItem(string Kind, ZyxVector CenterA, bool IsMotor);

/// <summary>
/// A montage to judge a synthetic tomogram at a glance: the whole slice through the first motor (or the middle),
/// then for each motor its x-y slice and x-z section, then a few decoys, each with a circle of the competition's
/// 1000 A radius (green around motors, red around decoys). Read from the written data set (JPEG slices + synth.json).
/// </summary>
public static class SynthPreview
{
    private const int Tile = 256, Columns = 4, Gap = 4;
    private const double HalfWindowA = 1400;

    public static IReadOnlyList<PreviewItem> Render(string dataDir, string tomoId, string pngPath, int maxDecoys = 4)
    {
        var manifestPath = Path.Combine(dataDir, SynthLayout.Manifest);
        if (!File.Exists(manifestPath)) throw new MotorPickException("not a synthetic data set (no synth.json); run motorpick synth first", manifestPath);
        var root = JsonNode.Parse(File.ReadAllText(manifestPath));
        var node = root?["tomograms"]?.AsArray().FirstOrDefault(t => t?["tomoId"]?.GetValue<string>() == tomoId)
            ?? throw new MotorPickException($"tomogram {tomoId} is not in the data set", manifestPath, field: "tomoId");
        var spec = node.Deserialize<TomogramSpec>(SynthJson.Options) ?? throw new MotorPickException("unreadable tomogram record", manifestPath);
        // the tomogram is found as every command finds it (train/<id>, or converted to MRC/NPY/zarr beside the manifest)
        var tomograms = TomogramDirectory.Open(dataDir);
        byte[] volume;
        using (var reader = tomograms.OpenVolume(tomoId))
        {
            var s = reader.Shape;
            if (s.Z != spec.Z || s.Y != spec.Y || s.X != spec.X)
                throw new MotorPickException($"slices are {s.Z}x{s.Y}x{s.X}, synth.json says {string.Join("x", spec.Shape)}", tomograms.Get(tomoId).Path);
            if (reader.VoxelType != Formats.Voxels.VoxelType.UInt8)
                throw new MotorPickException($"the preview shows uint8 volumes; this one is {reader.VoxelType}", tomograms.Get(tomoId).Path);
            volume = reader.ReadAll<byte>();
        }

        var items = spec.Motors.Select(m => new PreviewItem(m.HasFilament ? "motor+filament" : "motor", m.Center, true)).ToList();
        items.AddRange(Decoys(spec).Where(d => Inside(spec, d.CenterA)).Take(maxDecoys));

        var tiles = new List<byte[]>();
        var first = items.FirstOrDefault(i => i.IsMotor);
        var overviewZ = first is null ? spec.Z / 2 : Voxel(first.CenterA.Z, spec.SpacingA, spec.Z);
        tiles.Add(Overview(volume, spec, overviewZ, items));
        foreach (var item in items)
        {
            tiles.Add(Crop(volume, spec, item, xz: false));
            if (item.IsMotor) tiles.Add(Crop(volume, spec, item, xz: true));
        }
        WritePng(pngPath, tiles);
        return items;
    }

    private static IEnumerable<PreviewItem> Decoys(TomogramSpec spec)
    {
        var d = spec.Decoys;
        static ZyxVector Mean(IReadOnlyList<Blob> b) => b.Aggregate(new ZyxVector(0, 0, 0), (s, x) => s + x.Center) / b.Count;
        foreach (var g in d.Gold.Take(1)) yield return new PreviewItem("gold", g.Center, false);
        foreach (var g in d.Granules.Take(1)) yield return new PreviewItem("granule", g.Center, false);
        foreach (var a in d.Aggregates.Take(1)) yield return new PreviewItem("aggregate", Mean(a), false);
        foreach (var v in d.Vesicles.Take(1)) yield return new PreviewItem("vesicle", v.Center, false);
        foreach (var f in d.FreeFilaments.Take(1)) yield return new PreviewItem("free filament", f.Path[f.Path.Count / 2], false);
        foreach (var c in d.MembraneComplexes.Take(1)) yield return new PreviewItem("membrane complex", c.Center, false);
        foreach (var c in d.IceContamination.Take(1)) yield return new PreviewItem("ice contamination", Mean(c), false);
        foreach (var g in d.Gold.Skip(1)) yield return new PreviewItem("gold", g.Center, false);
        foreach (var a in d.Aggregates.Skip(1)) yield return new PreviewItem("aggregate", Mean(a), false);
    }

    private static bool Inside(TomogramSpec spec, ZyxVector p) =>
        p.Z >= 0 && p.Y >= 0 && p.X >= 0 && p.Z <= spec.FieldA.Z && p.Y <= spec.FieldA.Y && p.X <= spec.FieldA.X;

    private static int Voxel(double a, double spacing, int n) => Math.Clamp((int)Math.Round(a / spacing), 0, n - 1);

    /// <summary>The whole x-y slice scaled into a tile, with circles around everything shown.</summary>
    private static byte[] Overview(byte[] volume, TomogramSpec spec, int z, List<PreviewItem> items)
    {
        var scale = (double)Tile / Math.Max(spec.Y, spec.X);
        var rgb = Sample(Tile, Tile, (u, v) => Pixel(volume, spec, z, v / scale, u / scale));
        foreach (var it in items)
            Circle(rgb, it.CenterA.X / spec.SpacingA * scale, it.CenterA.Y / spec.SpacingA * scale, 1000 / spec.SpacingA * scale, it.IsMotor);
        return rgb;
    }

    /// <summary>A window of 2 x 1400 A around an item: the x-y slice, or the x-z section (z down).</summary>
    private static byte[] Crop(byte[] volume, TomogramSpec spec, PreviewItem item, bool xz)
    {
        var half = HalfWindowA / spec.SpacingA;
        var perPixel = 2 * half / Tile;
        double cz = item.CenterA.Z / spec.SpacingA, cy = item.CenterA.Y / spec.SpacingA, cx = item.CenterA.X / spec.SpacingA;
        byte[] rgb = xz
            ? Sample(Tile, Tile, (u, v) => PixelXz(volume, spec, (int)Math.Round(cy), cz - half + v * perPixel, cx - half + u * perPixel))
            : Sample(Tile, Tile, (u, v) => Pixel(volume, spec, (int)Math.Round(cz), cy - half + v * perPixel, cx - half + u * perPixel));
        Circle(rgb, Tile / 2.0, Tile / 2.0, 1000 / spec.SpacingA / perPixel, item.IsMotor);
        return rgb;
    }

    private static byte Pixel(byte[] v, TomogramSpec s, int z, double y, double x)
    {
        int iy = (int)Math.Round(y), ix = (int)Math.Round(x);
        if (z < 0 || z >= s.Z || iy < 0 || iy >= s.Y || ix < 0 || ix >= s.X) return 0;
        return v[((long)z * s.Y + iy) * s.X + ix];
    }

    private static byte PixelXz(byte[] v, TomogramSpec s, int y, double z, double x) => Pixel(v, s, (int)Math.Round(z), y, x);

    private static byte[] Sample(int w, int h, Func<int, int, byte> at)
    {
        var rgb = new byte[w * h * 3];
        for (var v = 0; v < h; v++)
            for (var u = 0; u < w; u++)
            {
                var g = at(u, v);
                var o = (v * w + u) * 3;
                rgb[o] = rgb[o + 1] = rgb[o + 2] = g;
            }
        return rgb;
    }

    private static void Circle(byte[] rgb, double cx, double cy, double r, bool motor)
    {
        var steps = Math.Max(64, (int)(2 * Math.PI * r * 2));
        for (var i = 0; i < steps; i++)
        {
            var a = 2 * Math.PI * i / steps;
            for (var t = -1; t <= 0; t++)
            {
                int x = (int)Math.Round(cx + (r + t) * Math.Cos(a)), y = (int)Math.Round(cy + (r + t) * Math.Sin(a));
                if (x < 0 || y < 0 || x >= Tile || y >= Tile) continue;
                var o = (y * Tile + x) * 3;
                (rgb[o], rgb[o + 1], rgb[o + 2]) = motor ? ((byte)40, (byte)220, (byte)60) : ((byte)230, (byte)50, (byte)40);
            }
        }
    }

    private static void WritePng(string path, List<byte[]> tiles)
    {
        var rows = (tiles.Count + Columns - 1) / Columns;
        int w = Columns * Tile + (Columns + 1) * Gap, h = rows * Tile + (rows + 1) * Gap;
        var canvas = new byte[w * h * 3];
        Array.Fill(canvas, (byte)255);
        for (var i = 0; i < tiles.Count; i++)
        {
            int ox = Gap + (i % Columns) * (Tile + Gap), oy = Gap + (i / Columns) * (Tile + Gap);
            for (var y = 0; y < Tile; y++)
                Buffer.BlockCopy(tiles[i], y * Tile * 3, canvas, ((oy + y) * w + ox) * 3, Tile * 3);
        }
        using var image = Image.NewFromMemory(canvas, w, h, 3, Enums.BandFormat.Uchar);
        var png = image.PngsaveBuffer(compression: 6);
        AtomicFile.WriteAllBytes(path, png);
    }
}
