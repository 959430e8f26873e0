using MotorPick.Core;
using MotorPick.Labels.Splits;
using MotorPick.Tests;

namespace MotorPick.Labels.Tests.Splits;

/// <summary>Inputs from fuzzing the split reader (bench/fuzz, harness 'split'; see tests/fixtures/fuzz/README.md): each must be refused with a MotorPickException naming the file.</summary>
public class CvSplitFileFuzzRegressionTests
{
    [Theory]
    [InlineData("invalid_utf8.json", "not valid UTF-8")]
    [InlineData("lone_surrogate_escape.json", "escaped lone surrogate")]
    [InlineData("fold_not_object.json", "fold 0 is number")]
    [InlineData("num_folds_not_int32.json", "num_folds 1e99 is not an integer")]
    [InlineData("random_state_fraction.json", "random_state 4.2 is not an integer")]
    [InlineData("splitter_not_string.json", "expected a string")]
    public void Malformed_split_is_refused_with_the_files_name(string name, string expected)
    {
        var path = Fixtures.Path("fuzz", "split", name);
        var ex = Assert.Throws<MotorPickException>(() => CvSplitFile.Read(path));
        Assert.Equal(path, ex.Path);
        Assert.Contains(expected, ex.Message);
    }
}
