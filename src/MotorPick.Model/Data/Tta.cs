using MotorPick.Model.Targets;

namespace MotorPick.Model.Data;

/// <summary>
/// The reference's rot90/flip test-time and training variants (<c>build_tta(code, ori_dims="zyx")</c>, docs/reference.md 5.5):
/// code <c>&lt;perm&gt;[_&lt;flips&gt;]</c>. "zxy" is rot90 (k = 1) in the (y, x) plane,
/// <c>out[z][i][j] = in[z][j][X-1-i]</c>; flips name axis positions (z, y, x) of the permuted array and come after it.
/// </summary>
public sealed class Tta
{
    /// <summary>The 16 training codes: zyx|zxy × {∅, x, y, z, xy, xz, yz, xyz}.</summary>
    public static readonly IReadOnlyList<string> TrainCodes =
        (from perm in new[] { "zyx", "zxy" }
         from flips in new[] { "", "x", "y", "z", "xy", "xz", "yz", "xyz" }
         select flips.Length == 0 ? perm : $"{perm}_{flips}").ToArray();

    private Tta(string code, bool rotate, bool flipZ, bool flipY, bool flipX)
    {
        Code = code; Rotate = rotate; FlipZ = flipZ; FlipY = flipY; FlipX = flipX;
    }

    public string Code { get; }
    /// <summary>True for the "zxy" permutation (rot90 in the y/x plane).</summary>
    public bool Rotate { get; }
    public bool FlipZ { get; }
    public bool FlipY { get; }
    public bool FlipX { get; }
    public bool IsIdentity => !Rotate && !FlipZ && !FlipY && !FlipX;

    public static Tta Identity { get; } = Parse("zyx");

    public static Tta Parse(string code)
    {
        var parts = code.Split('_');
        if (parts.Length > 2 || (parts[0] != "zyx" && parts[0] != "zxy"))
            throw new Core.MotorPickException($"unknown TTA code '{code}': expected zyx or zxy, optionally followed by _ and flip axes from xyz", field: "tta");
        var flips = parts.Length == 2 ? parts[1] : "";
        if (flips.Any(c => c is not ('x' or 'y' or 'z')) || flips.Distinct().Count() != flips.Length || (parts.Length == 2 && flips.Length == 0))
            throw new Core.MotorPickException($"unknown TTA code '{code}': flips must be distinct letters of xyz", field: "tta");
        return new Tta(code, parts[0] == "zxy", flips.Contains('z'), flips.Contains('y'), flips.Contains('x'));
    }

    /// <summary>Shape after the transform (z, x, y) for "zxy".</summary>
    public (int D, int H, int W) OutputShape(int d, int h, int w) => Rotate ? (d, w, h) : (d, h, w);

    /// <summary>Applies the transform to an array.</summary>
    public Grid3<T> Apply<T>(Grid3<T> input) where T : struct
    {
        var (d, h, w) = OutputShape(input.D, input.H, input.W);
        var output = new Grid3<T>(d, h, w);
        var src = input.Data;
        var dst = output.Data;
        int inH = input.H, inW = input.W;
        Parallel.For(0, d, z =>
        {
            int sz = FlipZ ? d - 1 - z : z;
            for (int i = 0; i < h; i++)
            {
                int si = FlipY ? h - 1 - i : i;
                int row = (z * h + i) * w;
                for (int j = 0; j < w; j++)
                {
                    int sj = FlipX ? w - 1 - j : j;
                    // rotated: out[z][i][j] = in[z][j][X-1-i]
                    int s = Rotate ? (sz * inH + sj) * inW + (inW - 1 - si) : (sz * inH + si) * inW + sj;
                    dst[row + j] = src[s];
                }
            }
        });
        return output;
    }

    /// <summary>Undoes <see cref="Apply"/>: un-flip, then rot90 k = 3 in the same plane.</summary>
    public Grid3<T> Invert<T>(Grid3<T> transformed) where T : struct
    {
        int d = transformed.D, h = Rotate ? transformed.W : transformed.H, w = Rotate ? transformed.H : transformed.W;
        var output = new Grid3<T>(d, h, w);
        for (int z = 0; z < d; z++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    var (tz, ty, tx) = MapIndex(z, y, x, d, h, w);
                    output[z, y, x] = transformed[tz, ty, tx];
                }
        return output;
    }

    /// <summary>Where input voxel (z, y, x) of a (d, h, w) array lands (continuous coordinates, centres at integers).</summary>
    public (double Z, double Y, double X) MapPoint(double z, double y, double x, int d, int h, int w)
    {
        // rotation first: (z, y, x) -> (z, X-1-x, y) in a (d, w, h) array
        double oz = z, oy = y, ox = x;
        int oh = h, ow = w;
        if (Rotate) { oy = w - 1 - x; ox = y; oh = w; ow = h; }
        if (FlipZ) oz = d - 1 - oz;
        if (FlipY) oy = oh - 1 - oy;
        if (FlipX) ox = ow - 1 - ox;
        return (oz, oy, ox);
    }

    private (int, int, int) MapIndex(int z, int y, int x, int d, int h, int w)
    {
        var (a, b, c) = MapPoint(z, y, x, d, h, w);
        return ((int)a, (int)b, (int)c);
    }

    public Keypoint Apply(Keypoint kp, int d, int h, int w)
    {
        var (z, y, x) = MapPoint(kp.Z, kp.Y, kp.X, d, h, w);
        return kp with { Z = z, Y = y, X = x };
    }

    public override string ToString() => Code;
}
