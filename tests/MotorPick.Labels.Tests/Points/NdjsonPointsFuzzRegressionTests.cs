using MotorPick.Core;
using MotorPick.Labels.Points;
using MotorPick.Tests;

namespace MotorPick.Labels.Tests.Points;

/// <summary>Inputs from fuzzing the ndjson point reader (bench/fuzz, harness 'ndjson'; see tests/fixtures/fuzz/README.md): each must be refused with a MotorPickException naming the file and line.</summary>
public class NdjsonPointsFuzzRegressionTests
{
    [Theory]
    [InlineData("lone_surrogate_in_type.ndjson", "escaped lone surrogate")]
    [InlineData("lone_surrogate_in_name.ndjson", "escaped lone surrogate")]
    public void Malformed_points_are_refused_with_the_files_name(string name, string expected)
    {
        var path = Fixtures.Path("fuzz", "ndjson", name);
        var ex = Assert.Throws<MotorPickException>(() => NdjsonPoints.Read(path));
        Assert.Equal(path, ex.Path);
        Assert.Equal(1, ex.Line);
        Assert.Contains(expected, ex.Message);
    }
}
