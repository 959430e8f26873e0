using MotorPick.Synthetic.Imaging;

namespace MotorPick.Synthetic.Tests;

public class FiltersTests
{
    [Fact]
    public void KernelIsNormalised()
    {
        var k = Filters.GaussianKernel(1.7);
        Assert.Equal(7, k.Length);
        Assert.Equal(1.0, k[0] + 2 * k.Skip(1).Sum(), 1e-6);
    }

    [Fact]
    public void ConstantVolumeStaysConstant()
    {
        int nz = 5, ny = 7, nx = 13;
        var v = Enumerable.Repeat(3f, nz * ny * nx).ToArray();
        var k = Filters.GaussianKernel(1.2);
        Filters.Convolve3D(v, nz, ny, nx, k, k, k, 2);
        Assert.All(v, x => Assert.Equal(3f, x, 1e-5f));
    }

    [Fact]
    public void ImpulseSpreadsSymmetricallyAndKeepsItsMass()
    {
        int nz = 9, ny = 9, nx = 19; // odd width: part of each row takes the scalar path
        var v = new float[nz * ny * nx];
        v[(4 * ny + 4) * nx + 9] = 1;
        var k = Filters.GaussianKernel(1.0);
        Filters.Convolve3D(v, nz, ny, nx, k, k, k, 1);
        Assert.Equal(1.0, v.Sum(x => (double)x), 1e-5);
        Assert.Equal(v[(4 * ny + 4) * nx + 8], v[(4 * ny + 4) * nx + 10]);
        Assert.Equal(v[(3 * ny + 4) * nx + 9], v[(5 * ny + 4) * nx + 9]);
        Assert.Equal(v[(4 * ny + 3) * nx + 9], v[(4 * ny + 5) * nx + 9]);
    }

    [Fact]
    public void ResultDoesNotDependOnThreads()
    {
        int nz = 6, ny = 11, nx = 21;
        var a = Enumerable.Range(0, nz * ny * nx).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        var b = (float[])a.Clone();
        var k = Filters.GaussianKernel(1.5);
        Filters.Convolve3D(a, nz, ny, nx, k, k, k, 1);
        Filters.Convolve3D(b, nz, ny, nx, k, k, k, 3);
        Assert.Equal(a, b);
    }

    /// <summary>Variance of the blurred white noise in the outermost y/x columns over that in the middle columns.</summary>
    private static double EdgeToMiddleVariance(Filters.Border border)
    {
        int nz = 16, ny = 128, nx = 128;
        var rng = new Random(5);
        var v = Enumerable.Range(0, nz * ny * nx).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var k = Filters.GaussianKernel(2.0);
        Filters.Convolve3D(v, nz, ny, nx, [1f], k, k, 1, border);
        double edge = 0, middle = 0;
        int ne = 0, nm = 0;
        for (var z = 0; z < nz; z++)
            for (var y = 0; y < ny; y++)
                for (var x = 0; x < nx; x++)
                {
                    var a = (double)v[((long)z * ny + y) * nx + x];
                    if (x == 0 || x == nx - 1 || y == 0 || y == ny - 1) { edge += a * a; ne++; }
                    else if (x is >= 40 and < 88 && y is >= 40 and < 88) { middle += a * a; nm++; }
                }
        return edge / ne / (middle / nm);
    }

    [Fact]
    public void Wrapped_noise_blur_is_as_rough_at_the_faces_as_in_the_middle()
    {
        // The synthetic noise is white noise blurred with the PSF: clamping repeats the edge sample and made the first
        // columns of every demo tomogram rougher than the middle (a band the detector learnt to fire on).
        Assert.True(EdgeToMiddleVariance(Filters.Border.Clamp) > 1.5);
        Assert.InRange(EdgeToMiddleVariance(Filters.Border.Wrap), 0.85, 1.15);
    }
}
