using MotorPick.Core;
using MotorPick.Formats.Jpeg;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Jpeg;

public class JpegSliceNamesTests
{
    [Theory]
    [InlineData(0, "slice_0000.jpg")]
    [InlineData(42, "slice_0042.jpg")]
    [InlineData(12345, "slice_12345.jpg")]
    public void FileName_is_python_percent_04d(int z, string name) => Assert.Equal(name, JpegSliceNames.FileName(z));

    [Theory]
    [InlineData("slice_0007.jpg", 7)]
    [InlineData("slice_12345.jpg", 12345)]
    [InlineData("slice_7.jpg", null)]
    [InlineData("slice_00007.jpg", null)]
    [InlineData("slice_0007.jpeg", null)]
    [InlineData("slice_0007.JPG", null)]
    [InlineData("slice_-001.jpg", null)]
    [InlineData("Slice_0007.jpg", null)]
    public void ParseIndex_accepts_only_the_exact_spelling(string name, int? z) => Assert.Equal(z, JpegSliceNames.ParseIndex(name));

    [Fact]
    public void List_returns_slices_in_z_order()
    {
        using var dir = Fixtures.TempDir();
        foreach (var z in new[] { 2, 0, 1, 10, 3, 4, 5, 6, 7, 8, 9 }) File.WriteAllBytes(dir.File(JpegSliceNames.FileName(z)), [1]);
        var list = JpegSliceNames.List(dir.Path);
        Assert.Equal(Enumerable.Range(0, 11).Select(JpegSliceNames.FileName), list.Select(Path.GetFileName));
    }

    [Fact]
    public void A_gap_names_the_missing_slice()
    {
        using var dir = Fixtures.TempDir();
        foreach (var z in new[] { 0, 1, 3 }) File.WriteAllBytes(dir.File(JpegSliceNames.FileName(z)), [1]);
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceNames.List(dir.Path));
        Assert.Contains("slice_0002.jpg", ex.Message);
        Assert.Contains("missing", ex.Message);
    }

    [Fact]
    public void A_stack_not_starting_at_zero_is_refused()
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllBytes(dir.File("slice_0001.jpg"), [1]);
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceNames.List(dir.Path));
        Assert.Contains("slice_0000.jpg", ex.Message);
    }

    [Theory]
    [InlineData("slice_1.jpg")]
    [InlineData("notes.txt")]
    [InlineData("slice_0001.png")]
    public void An_odd_name_is_refused_and_named(string odd)
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllBytes(dir.File("slice_0000.jpg"), [1]);
        File.WriteAllBytes(dir.File(odd), [1]);
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceNames.List(dir.Path));
        Assert.Contains(odd, ex.Message);
    }

    [Fact]
    public void A_temporary_file_marks_the_stack_incomplete()
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllBytes(dir.File("slice_0000.jpg"), [1]);
        File.WriteAllBytes(AtomicFile.TempPathFor(dir.File("slice_0001.jpg")), [1]);
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceNames.List(dir.Path));
        Assert.Contains("incomplete", ex.Message);
    }

    [Fact]
    public void Empty_and_missing_directories_are_refused()
    {
        using var dir = Fixtures.TempDir();
        Assert.Throws<MotorPickException>(() => JpegSliceNames.List(dir.Path));
        Assert.Throws<MotorPickException>(() => JpegSliceNames.List(dir.File("absent")));
    }
}
