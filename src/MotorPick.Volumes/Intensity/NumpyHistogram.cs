namespace MotorPick.Volumes.Intensity;

/// <summary>
/// <c>numpy.histogram(a, bins, range=(min, max))</c> of a float32 array with float32 range ends, bin for bin:
/// float32 edges from <c>linspace</c>, index <c>trunc((v - first) * float32(bins / (last - first)))</c> with numpy's
/// one-ulp edge corrections, the last bin closed on the right, values outside the range ignored, and an empty
/// range widened by 0.5 on each side.
/// </summary>
public sealed class NumpyHistogram
{
    private readonly float[] _edges;
    private readonly float _first, _last, _norm;

    public NumpyHistogram(float min, float max, int bins = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!float.IsFinite(min) || !float.IsFinite(max) || min > max) throw new ArgumentException($"histogram range [{min}, {max}] is not a finite interval");
        double first = min, last = max;
        if (min == max) { first -= 0.5; last += 0.5; }
        Bins = bins;
        // numpy keeps the float32 range ends as float32 scalars; widened ends become float64 (then cast to the float32 bin type).
        _first = (float)first;
        _last = (float)last;
        // norm = bins / float32(last - first) computed in float64, then used as float32 against the float32 values.
        var width = min == max ? last - first : (double)(max - min);
        _norm = (float)(bins / width);
        _edges = new float[bins + 1];
        var step = (last - first) / bins;
        for (var k = 0; k <= bins; k++) _edges[k] = (float)(k * step + first);
        _edges[bins] = (float)last;
        Counts = new long[bins];
    }

    public int Bins { get; }

    /// <summary>Counts per bin.</summary>
    public long[] Counts { get; }

    /// <summary>The bins + 1 edges (float32, as numpy returns for float32 input).</summary>
    public IReadOnlyList<float> Edges => _edges;

    /// <summary>The bin of <paramref name="v"/>, or -1 when it is outside the range (or NaN).</summary>
    public int BinOf(float v)
    {
        if (!(v >= _first && v <= _last)) return -1;
        var idx = (int)((v - _first) * _norm);
        if (idx >= Bins) idx = Bins - 1;
        if (v < _edges[idx]) idx--;
        if (idx != Bins - 1 && v >= _edges[idx + 1]) idx++;
        return idx;
    }

    public void Add(ReadOnlySpan<float> values)
    {
        var counts = Counts;
        foreach (var v in values)
        {
            var b = BinOf(v);
            if (b >= 0) counts[b]++;
        }
    }

    /// <summary>Adds <paramref name="count"/> copies of <paramref name="v"/>.</summary>
    public void Add(float v, long count)
    {
        var b = BinOf(v);
        if (b >= 0) Counts[b] += count;
    }

    /// <summary>Adds counts gathered elsewhere (same range and bins).</summary>
    public void Merge(ReadOnlySpan<long> counts)
    {
        for (var i = 0; i < Bins; i++) Counts[i] += counts[i];
    }
}
