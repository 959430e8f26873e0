using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace MotorPick.Synthetic.Imaging;

/// <summary>
/// 3D discrete Fourier transforms of a [z][y][x] volume through a buffer padded to powers of two on every axis (Math.NET
/// Numerics' radix-2 transform; its Bluestein path for other lengths is several times slower). The padding mirrors the
/// volume (reflection without repeating the edge voxel), so filtering sees no step at the volume's faces. Lines run in
/// parallel, each transformed by one thread with the same operations whatever the thread count.
/// </summary>
internal sealed class Fft3
{
    public Fft3(int nz, int ny, int nx)
    {
        (Nz, Ny, Nx) = (nz, ny, nx);
        (Pz, Py, Px) = (Pow2(nz), Pow2(ny), Pow2(nx));
        Data = new Complex32[(long)Pz * Py * Px];
    }

    public int Nz { get; }
    public int Ny { get; }
    public int Nx { get; }

    /// <summary>Padded sizes.</summary>
    public int Pz { get; }
    public int Py { get; }
    public int Px { get; }

    /// <summary>The padded spectrum after <see cref="Forward"/>, [Pz][Py][Px].</summary>
    public Complex32[] Data { get; }

    public static int Pow2(int n)
    {
        var p = 1;
        while (p < n) p <<= 1;
        return p;
    }

    /// <summary>Index into a mirrored axis of length n (n &gt; 1): ..., 2, 1, [0, 1, ..., n-1], n-2, n-3, ...</summary>
    private static int Mirror(int i, int n)
    {
        if (n == 1) return 0;
        var period = 2 * n - 2;
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - i;
    }

    /// <summary>Loads the volume (mirror-padded) and transforms it (unscaled).</summary>
    public void Forward(float[] volume, int threads)
    {
        var options = Filters.Options(threads);
        var d = Data;
        int pz = Pz, py = Py, px = Px, nz = Nz, ny = Ny, nx = Nx;
        long slice = (long)py * px;
        // x, then y, on the real slices; z last over every padded (y, x) column, filling the padded slices.
        Parallel.For(0, nz, options, () => (new Complex32[px], new Complex32[py]), (z, _, buf) =>
        {
            var (row, col) = buf;
            var o = z * slice;
            for (var y = 0; y < ny; y++)
            {
                var src = (long)z * ny * nx + (long)y * nx;
                for (var x = 0; x < px; x++) row[x] = new Complex32(volume[src + Mirror(x, nx)], 0);
                Fourier.Forward(row, FourierOptions.NoScaling);
                row.CopyTo(d.AsSpan((int)(o + (long)y * px), px));
            }
            for (var x = 0; x < px; x++)
            {
                for (var y = 0; y < py; y++) col[y] = d[o + (long)Mirror(y, ny) * px + x];
                Fourier.Forward(col, FourierOptions.NoScaling);
                for (var y = 0; y < py; y++) d[o + (long)y * px + x] = col[y];
            }
            return buf;
        }, _ => { });
        Parallel.For(0, py, options, () => new Complex32[pz], (y, _, buf) =>
        {
            for (var x = 0; x < px; x++)
            {
                var o = (long)y * px + x;
                for (var z = 0; z < pz; z++) buf[z] = d[o + Mirror(z, nz) * slice];
                Fourier.Forward(buf, FourierOptions.NoScaling);
                for (var z = 0; z < pz; z++) d[o + z * slice] = buf[z];
            }
            return buf;
        }, _ => { });
    }

    /// <summary>Inverse transform, scaled by 1/N, of the padded spectrum; writes the real part of the unpadded part.</summary>
    public void Inverse(float[] volume, int threads)
    {
        var options = Filters.Options(threads);
        var d = Data;
        int pz = Pz, py = Py, px = Px, nz = Nz, ny = Ny, nx = Nx;
        long slice = (long)py * px;
        var scale = (float)(1.0 / ((double)pz * py * px));
        Parallel.For(0, py, options, () => new Complex32[pz], (y, _, buf) =>
        {
            for (var x = 0; x < px; x++)
            {
                var o = (long)y * px + x;
                for (var z = 0; z < pz; z++) buf[z] = d[o + z * slice];
                Fourier.Inverse(buf, FourierOptions.NoScaling);
                for (var z = 0; z < nz; z++) d[o + z * slice] = buf[z];
            }
            return buf;
        }, _ => { });
        Parallel.For(0, nz, options, () => (new Complex32[px], new Complex32[py]), (z, _, buf) =>
        {
            var (row, col) = buf;
            var o = z * slice;
            for (var x = 0; x < px; x++)
            {
                for (var y = 0; y < py; y++) col[y] = d[o + (long)y * px + x];
                Fourier.Inverse(col, FourierOptions.NoScaling);
                for (var y = 0; y < ny; y++) d[o + (long)y * px + x] = col[y];
            }
            for (var y = 0; y < ny; y++)
            {
                d.AsSpan((int)(o + (long)y * px), px).CopyTo(row);
                Fourier.Inverse(row, FourierOptions.NoScaling);
                var dst = (long)z * ny * nx + (long)y * nx;
                for (var x = 0; x < nx; x++) volume[dst + x] = row[x].Real * scale;
            }
            return buf;
        }, _ => { });
    }
}
