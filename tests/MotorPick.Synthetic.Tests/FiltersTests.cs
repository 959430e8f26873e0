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
}
