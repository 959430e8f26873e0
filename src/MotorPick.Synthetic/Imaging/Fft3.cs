using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace MotorPick.Synthetic.Imaging;

/// <summary>
/// Unscaled 3D discrete Fourier transform of a [z][y][x] complex volume, in place, as 1D transforms of Math.NET Numerics
/// along x, y and z (any length: Bluestein where it is not a power of two). Lines run in parallel; each line is
/// transformed by one thread with the same operations whatever the thread count, so the result does not depend on it.
/// </summary>
internal static class Fft3
{
    public static void Forward(Complex32[] data, int nz, int ny, int nx, int threads) => Transform(data, nz, ny, nx, threads, inverse: false);

    /// <summary>The inverse without the 1/N factor.</summary>
    public static void Inverse(Complex32[] data, int nz, int ny, int nx, int threads) => Transform(data, nz, ny, nx, threads, inverse: true);

    private static void Transform(Complex32[] data, int nz, int ny, int nx, int threads, bool inverse)
    {
        var options = Filters.Options(threads);
        var slice = ny * nx;
        Parallel.For(0, nz, options, () => (new Complex32[nx], new Complex32[ny]), (z, _, buf) =>
        {
            var (rowBuf, colBuf) = buf;
            var o = (long)z * slice;
            for (var y = 0; y < ny; y++)
            {
                data.AsSpan((int)(o + (long)y * nx), nx).CopyTo(rowBuf);
                Line(rowBuf, inverse);
                rowBuf.CopyTo(data.AsSpan((int)(o + (long)y * nx), nx));
            }
            for (var x = 0; x < nx; x++)
            {
                for (var y = 0; y < ny; y++) colBuf[y] = data[o + (long)y * nx + x];
                Line(colBuf, inverse);
                for (var y = 0; y < ny; y++) data[o + (long)y * nx + x] = colBuf[y];
            }
            return buf;
        }, _ => { });
        Parallel.For(0, ny, options, () => new Complex32[nz], (y, _, buf) =>
        {
            for (var x = 0; x < nx; x++)
            {
                var o = (long)y * nx + x;
                for (var z = 0; z < nz; z++) buf[z] = data[o + (long)z * slice];
                Line(buf, inverse);
                for (var z = 0; z < nz; z++) data[o + (long)z * slice] = buf[z];
            }
            return buf;
        }, _ => { });
    }

    private static void Line(Complex32[] line, bool inverse)
    {
        if (line.Length < 2) return;
        if (inverse) Fourier.Inverse(line, FourierOptions.NoScaling);
        else Fourier.Forward(line, FourierOptions.NoScaling);
    }
}
