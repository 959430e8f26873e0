namespace MotorPick.Model.Data;

/// <summary>
/// A dense (z, y, x) array in C order: a patch, a heatmap target or a re-spaced training tomogram. Same storage as
/// <see cref="MotorPick.Volumes.Volume{T}"/> (which training loads through and shares its array with, see VolumeIo) but without a
/// voxel size, because training works at the single spacing its <see cref="TrainTomogram"/> records; it adds the
/// indexer and (D, H, W) shape the sampling, augmentation and target code index with.
/// </summary>
public sealed class Grid3<T> where T : struct
{
    public Grid3(int d, int h, int w, T[]? data = null)
    {
        if (d <= 0 || h <= 0 || w <= 0) throw new ArgumentOutOfRangeException(nameof(d), $"grid shape ({d}, {h}, {w}) must be positive");
        D = d; H = h; W = w;
        long n = (long)d * h * w;
        if (n > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(d), $"grid ({d}, {h}, {w}) has more than {Array.MaxLength} voxels");
        Data = data ?? new T[n];
        if (Data.Length != n) throw new ArgumentException($"data has {Data.Length} elements, shape ({d}, {h}, {w}) needs {n}", nameof(data));
    }

    public int D { get; }
    public int H { get; }
    public int W { get; }
    public T[] Data { get; }
    public int Length => Data.Length;
    public (int D, int H, int W) Shape => (D, H, W);

    public int Index(int z, int y, int x) => (z * H + y) * W + x;

    public ref T this[int z, int y, int x] => ref Data[(z * H + y) * W + x];

    public Grid3<T> Clone() => new(D, H, W, (T[])Data.Clone());
}
