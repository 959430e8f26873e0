using MotorPick.Core;
using MotorPick.Curation.Cvat;
using MotorPick.Tests;

namespace MotorPick.Curation.Tests;

/// <summary>Inputs from fuzzing the CVAT reader (bench/fuzz, harness 'cvat'; see tests/fixtures/fuzz/README.md): each must be refused with a MotorPickException naming the file.</summary>
public class CvatAnnotationsFuzzRegressionTests
{
    [Theory]
    [InlineData("corrupt_central_directory.zip", "not a readable ZIP archive")]
    public void Malformed_export_is_refused_with_the_files_name(string name, string expected)
    {
        var path = Fixtures.Path("fuzz", "cvat", name);
        var ex = Assert.Throws<MotorPickException>(() => CvatAnnotations.Read(path));
        Assert.Equal(path, ex.Path);
        Assert.Contains(expected, ex.Message);
    }
}
