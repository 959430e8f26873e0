using MotorPick.Core;
using MotorPick.Formats.Jpeg;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Jpeg;

/// <summary>Inputs from fuzzing JPEG slice loading (bench/fuzz, harness 'jpeg'; see tests/fixtures/fuzz/README.md): each must be refused with a MotorPickException naming the slice.</summary>
public class JpegFuzzRegressionTests
{
    [Theory]
    // An 896-byte slice whose SOF header claims 30000x30000 pixels: refused before a 900 MB stack is allocated.
    [InlineData("header_larger_than_file.jpg", "fewer than one bit per block")]
    public void Malformed_slice_is_refused_with_the_files_name(string name, string expected)
    {
        using var dir = Fixtures.TempDir();
        var slice = dir.File(JpegSliceNames.FileName(0));
        File.Copy(Fixtures.Path("fuzz", "jpeg", name), slice);
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceStack.Open(dir.Path).ReadAll());
        Assert.Equal(slice, ex.Path);
        Assert.Contains(expected, ex.Message);
    }
}
