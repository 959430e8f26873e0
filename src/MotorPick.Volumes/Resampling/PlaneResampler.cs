namespace MotorPick.Volumes.Resampling;

/// <summary>
/// Resamples one z plane in Y and X (the X pass row by row into a scratch buffer, then the Y pass over
/// whole rows with <see cref="System.Numerics.Vector{T}"/>). Not thread-safe: use one per thread.
/// </summary>
public sealed class PlaneResampler
{
    private readonly AxisPlan _y;
    private readonly AxisPlan _x;
    private readonly float[] _rows;
    private readonly float[] _line; // one input row as float32, for the uint8 X pass where it cannot widen as it loads

    public PlaneResampler(AxisPlan y, AxisPlan x)
    {
        _y = y;
        _x = x;
        _rows = new float[(long)y.InputSize * x.OutputSize];
        _line = new float[x.InputSize];
    }

    public int InputHeight => _y.InputSize;
    public int InputWidth => _x.InputSize;
    public int OutputHeight => _y.OutputSize;
    public int OutputWidth => _x.OutputSize;

    /// <summary>Resamples <paramref name="src"/> (InputHeight x InputWidth) into <paramref name="dst"/> (OutputHeight x OutputWidth).</summary>
    public void Resample(ReadOnlySpan<float> src, Span<float> dst)
    {
        int w = _x.InputSize, wo = _x.OutputSize;
        if (_y.IsIdentity)
        {
            for (var y = 0; y < _y.InputSize; y++) ResampleKernels.Line(src.Slice(y * w, w), dst.Slice(y * wo, wo), _x);
            return;
        }
        // X pass only over the rows the Y pass reads.
        int first = _y.FirstInput(0), last = _y.LastInput(_y.OutputSize - 1);
        for (var y = first; y <= last; y++) ResampleKernels.Line(src.Slice(y * w, w), _rows.AsSpan(y * wo, wo), _x);
        YPass(dst);
    }

    /// <summary>Resamples a uint8 plane: the same floats as <see cref="Resample(ReadOnlySpan{float}, Span{float})"/> on its values
    /// as float32, without converting the plane first (a JPEG stack's planes go straight from the decoder to the X pass).</summary>
    public void Resample(ReadOnlySpan<byte> src, Span<float> dst)
    {
        int w = _x.InputSize, wo = _x.OutputSize;
        if (_y.IsIdentity)
        {
            for (var y = 0; y < _y.InputSize; y++) ResampleKernels.Line(src.Slice(y * w, w), dst.Slice(y * wo, wo), _x, _line);
            return;
        }
        int first = _y.FirstInput(0), last = _y.LastInput(_y.OutputSize - 1);
        for (var y = first; y <= last; y++) ResampleKernels.Line(src.Slice(y * w, w), _rows.AsSpan(y * wo, wo), _x, _line);
        YPass(dst);
    }

    private void YPass(Span<float> dst)
    {
        var wo = _x.OutputSize;
        var rows = _rows;
        for (var o = 0; o < _y.OutputSize; o++)
            ResampleKernels.Lines(dst.Slice(o * wo, wo), _y, o, k => rows.AsMemory(k * wo, wo));
    }
}
