using MotorPick.Core;

namespace MotorPick.Core.Tests;

public class PyFormatTests
{
    [Theory]
    [InlineData(169.0, "169.0")]
    [InlineData(7939.099999999999, "7939.099999999999")]
    [InlineData(-6.5, "-6.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(12345678901234567.0, "1.2345678901234568e+16")]
    [InlineData(484914150500.0, "484914150500.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.60546875, "0.60546875")]
    [InlineData(1e22, "1e+22")]
    [InlineData(123.456, "123.456")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    public void Float_matches_python_repr(double value, string expected) => Assert.Equal(expected, PyFormat.Float(value));

    [Fact]
    public void Lists_match_python_str()
    {
        Assert.Equal("[]", PyFormat.FloatListOfLists([]));
        Assert.Equal("[[169.0, 546.0, 603.0], [1.5, 2.0, 3.25]]", PyFormat.FloatListOfLists([[169, 546, 603], [1.5, 2, 3.25]]));
        Assert.Equal("[800, 924, 956]", PyFormat.IntList([800, 924, 956]));
    }
}

public class PyNumbersTests
{
    [Fact]
    public void Quantile_matches_numpy_linear() // docs/reference.md 9.26: np.quantile([0, 0.1, 0.2, 0.3, 0.9], 0.55) = 0.22
    {
        Assert.Equal(0.22, PyNumbers.Quantile([0, 0.1, 0.2, 0.3, 0.9], 0.55), 15);
        Assert.Equal(2.5, PyNumbers.Quantile([1, 2, 3, 4], 0.5));
        Assert.Equal(4, PyNumbers.Quantile([4, 1, 2, 3], 1.0));
    }
}

public class AtomicFileTests
{
    [Fact]
    public void A_failed_write_leaves_neither_the_file_nor_a_temporary()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mp-atomic-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var target = Path.Combine(dir, "out.csv");
            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, s =>
            {
                s.WriteByte(1);
                throw new InvalidOperationException("boom");
            }));
            Assert.Empty(Directory.GetFiles(dir));
            AtomicFile.WriteAllText(target, "ok");
            Assert.Equal("ok", File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
