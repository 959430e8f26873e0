using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Npy;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Npy;

/// <summary>Inputs from fuzzing the NPY reader (bench/fuzz, harness 'npy'; see tests/fixtures/fuzz/README.md): each must be refused with a MotorPickException naming the file.</summary>
public class NpyFuzzRegressionTests
{
    [Theory]
    // Shape 2^30 x 2^30 x 16: the voxel count wraps to 0 in 64 bits, which used to match a header-only file.
    [InlineData("voxel_count_overflow.npy", "truncated file")]
    public void Malformed_npy_is_refused_with_the_files_name(string name, string expected)
    {
        var path = Fixtures.Path("fuzz", "npy", name);
        var ex = Assert.Throws<MotorPickException>(() =>
        {
            using var reader = NpyReader.Open(path);
            _ = reader.ReadAllFloat32();
        });
        Assert.Equal(path, ex.Path);
        Assert.Contains(expected, ex.Message);
    }
}
