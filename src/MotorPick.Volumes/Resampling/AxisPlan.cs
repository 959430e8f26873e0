using MotorPick.Core;

namespace MotorPick.Volumes.Resampling;

/// <summary>
/// The 1-D resampling of one axis as taps: output i = sum over k of <c>Weight[k] * input[Index[k]]</c> for
/// k in <c>TapStart[i] .. TapStart[i+1]-1</c>, in float32. Two-tap (linear) outputs are
/// <c>fma(lambda0, v[i0], lambda1*v[i1])</c>, the rounding of PyTorch 1.13's CPU kernel (x86-64 build, FMA contracted);
/// trilinear resampling is three such passes, X then Y then Z, PyTorch's nesting of the 8-corner sum. This reproduces
/// torch's generic kernel bit for bit (C >= 2 channels). A single-channel NCDHW tensor is also "channels-last
/// contiguous" and takes torch's channels-last kernel, which rounds differently by up to ~2 ulp.
/// </summary>
public sealed class AxisPlan
{
    private AxisPlan(int inputSize, int outputSize, int[] tapStart, int[] index, float[] weight, bool identity)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        TapStart = tapStart;
        Index = index;
        Weight = weight;
        IsIdentity = identity;
        var twoTap = !identity && outputSize > 0;
        for (var o = 0; twoTap && o < outputSize; o++) twoTap = tapStart[o + 1] - tapStart[o] == 2 && tapStart[o] == 2 * o;
        if (twoTap)
        {
            Index0 = new int[outputSize]; Index1 = new int[outputSize];
            Weight0 = new float[outputSize]; Weight1 = new float[outputSize];
            for (var o = 0; o < outputSize; o++)
            {
                Index0[o] = index[2 * o]; Index1[o] = index[2 * o + 1];
                Weight0[o] = weight[2 * o]; Weight1[o] = weight[2 * o + 1];
            }
        }
    }

    public int InputSize { get; }
    public int OutputSize { get; }
    public int[] TapStart { get; }
    public int[] Index { get; }
    public float[] Weight { get; }

    /// <summary>True when every output reads exactly two taps (linear methods): <see cref="Index0"/> .. <see cref="Weight1"/> are then set.</summary>
    public bool IsTwoTap => Index0 is not null;

    /// <summary>The taps of a two-tap plan as separate arrays (output o = fma(Weight0[o], in[Index0[o]], Weight1[o]*in[Index1[o]])), for vector gathers.</summary>
    public int[]? Index0 { get; }
    public int[]? Index1 { get; }
    public float[]? Weight0 { get; }
    public float[]? Weight1 { get; }

    /// <summary>Output = input (PyTorch copies an axis whose output size equals its input size, whatever the scale).</summary>
    public bool IsIdentity { get; }

    /// <summary>Lowest input index output <paramref name="o"/> reads.</summary>
    public int FirstInput(int o) => Index[TapStart[o]];

    /// <summary>Highest input index output <paramref name="o"/> reads.</summary>
    public int LastInput(int o)
    {
        var last = 0;
        for (var k = TapStart[o]; k < TapStart[o + 1]; k++) last = Math.Max(last, Index[k]);
        return last;
    }

    /// <summary>Output length of an axis of <paramref name="n"/> voxels at <paramref name="ori"/> A re-spaced to <paramref name="target"/> A.</summary>
    public static int OutputLength(ResampleMethod method, int n, double ori, double target)
    {
        CheckSpacing(ori, target);
        return method switch
        {
            // Python: math.floor(float(n) * scale_factor), scale_factor = ori / target (float64).
            ResampleMethod.TorchTrilinear or ResampleMethod.Area => (int)Math.Floor(n * (ori / target)),
            ResampleMethod.MonaiSpacing => (int)Math.Round((n - 1) * ori / target + 1, MidpointRounding.ToEven),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
    }

    /// <summary>Plans one axis.</summary>
    public static AxisPlan Create(ResampleMethod method, int n, double ori, double target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var m = OutputLength(method, n, ori, target);
        if (m < 1)
            throw new MotorPickException($"re-spacing {n} voxels from {ori} A to {target} A leaves no voxel");
        if (method == ResampleMethod.MonaiSpacing ? ori == target : m == n) return Identity(n);
        return method switch
        {
            ResampleMethod.TorchTrilinear => Torch(n, m, ori / target),
            ResampleMethod.MonaiSpacing => Monai(n, m, target / ori),
            ResampleMethod.Area => Area(n, m),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
    }

    /// <summary>The axis unchanged.</summary>
    public static AxisPlan Identity(int n)
    {
        var start = new int[n + 1];
        var index = new int[n];
        var weight = new float[n];
        for (var i = 0; i < n; i++) { start[i] = i; index[i] = i; weight[i] = 1f; }
        start[n] = n;
        return new AxisPlan(n, n, start, index, weight, identity: true);
    }

    private static AxisPlan Torch(int n, int m, double scaleFactor)
    {
        // ATen (CPU, float input): the scale is float32(1.0 / scale_factor); the source index and lambda are computed in
        // the accumulate type (double) and lambda is stored as float32, lambda0 = 1 - lambda1 in float32.
        var ratio = (double)(float)(1.0 / scaleFactor);
        var (start, index, weight) = Arrays(m, 2);
        for (var i = 0; i < m; i++)
        {
            var src = ratio * (i + 0.5) - 0.5;
            if (src < 0) src = 0;
            var i0 = (int)src;
            var i1 = i0 < n - 1 ? i0 + 1 : i0;
            var lambda1 = (float)Math.Min(Math.Max(src - i0, 0), 1);
            var lambda0 = 1f - lambda1;
            index[2 * i] = i0; weight[2 * i] = lambda0;
            index[2 * i + 1] = i1; weight[2 * i + 1] = lambda1;
        }
        return new AxisPlan(n, m, start, index, weight, identity: false);
    }

    private static AxisPlan Monai(int n, int m, double step)
    {
        var (start, index, weight) = Arrays(m, 2);
        for (var i = 0; i < m; i++)
        {
            var src = i * step;
            var i0 = (int)Math.Floor(src);
            var lambda1 = (float)(src - i0);
            var lambda0 = 1f - lambda1;
            // Zero padding: a tap outside 0..n-1 contributes nothing (weight 0 on a valid index).
            if (i0 > n - 1) { i0 = n - 1; lambda0 = 0f; lambda1 = 0f; }
            var i1 = i0 + 1;
            if (i1 > n - 1) { i1 = i0; lambda1 = 0f; }
            index[2 * i] = i0; weight[2 * i] = lambda0;
            index[2 * i + 1] = i1; weight[2 * i + 1] = lambda1;
        }
        return new AxisPlan(n, m, start, index, weight, identity: false);
    }

    private static AxisPlan Area(int n, int m)
    {
        var starts = new int[m + 1];
        var idx = new List<int>(n + m);
        var wts = new List<float>(n + m);
        for (var i = 0; i < m; i++)
        {
            starts[i] = idx.Count;
            var a = (int)((long)i * n / m);
            var b = (int)(((long)(i + 1) * n + m - 1) / m);
            var w = 1f / (b - a);
            for (var k = a; k < b; k++) { idx.Add(k); wts.Add(w); }
        }
        starts[m] = idx.Count;
        return new AxisPlan(n, m, starts, [.. idx], [.. wts], identity: false);
    }

    private static (int[] Start, int[] Index, float[] Weight) Arrays(int m, int taps)
    {
        var start = new int[m + 1];
        for (var i = 0; i <= m; i++) start[i] = taps * i;
        return (start, new int[taps * m], new float[taps * m]);
    }

    private static void CheckSpacing(double ori, double target)
    {
        if (!(ori > 0) || !double.IsFinite(ori)) throw new MotorPickException($"voxel spacing must be a positive number of A, got {ori}");
        if (!(target > 0) || !double.IsFinite(target)) throw new MotorPickException($"target spacing must be a positive number of A, got {target}");
    }
}
