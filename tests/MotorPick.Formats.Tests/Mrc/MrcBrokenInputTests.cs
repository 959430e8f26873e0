using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Mrc;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Mrc;

/// <summary>Damaged and absurd MRC files give clear <see cref="MotorPickException"/>s, before any large allocation.</summary>
public class MrcBrokenInputTests
{
    private static MotorPickException OpenFails(byte[] bytes, MrcReadOptions? options = null)
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("bad.mrc");
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<MotorPickException>(() => { using var r = MrcReader.Open(path, options); });
        Assert.Equal(path, ex.Path);
        return ex;
    }

    [Fact]
    public void Truncated_data_names_the_expected_and_actual_size()
    {
        var bytes = MrcTestFiles.Fixture("mode2_float32.mrc");
        var ex = OpenFails(bytes[..^10]);
        Assert.Contains("check 11", ex.Message);
        Assert.Contains($"only {bytes.Length - 10} bytes", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void A_file_shorter_than_the_header_is_refused()
    {
        var ex = OpenFails(MrcTestFiles.Fixture("mode2_float32.mrc")[..500]);
        Assert.Contains("1024-byte MRC header", ex.Message);
    }

    [Theory]
    [InlineData(5, "mode 5 is not an MRC2014 mode")]
    [InlineData(4, "mode 4 (complex)")]
    [InlineData(16, "mode 16 (IMOD RGB")]
    public void Unsupported_modes_are_refused(int mode, string expected)
    {
        var bytes = MrcTestFiles.Fixture("mode2_float32.mrc");
        MrcTestFiles.SetInt(bytes, 12, mode);
        var ex = OpenFails(bytes);
        Assert.Contains(expected, ex.Message);
        Assert.Equal("MODE", ex.Field);
    }

    [Fact]
    public void Negative_dimensions_are_refused()
    {
        var bytes = MrcTestFiles.Fixture("mode2_float32.mrc");
        MrcTestFiles.SetInt(bytes, 4, -11);
        var ex = OpenFails(bytes);
        Assert.Contains("NY is -11, expected a positive number of voxels", ex.Message);
    }

    [Fact]
    public void A_header_claiming_more_voxels_than_the_file_holds_fails_fast_without_allocating()
    {
        var bytes = MrcTestFiles.Fixture("mode2_float32.mrc");
        MrcTestFiles.SetInt(bytes, 0, 2_000_000_000);
        MrcTestFiles.SetInt(bytes, 4, 2_000_000_000);
        MrcTestFiles.SetInt(bytes, 8, 2_000_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = OpenFails(bytes);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
        Assert.Contains("larger than MotorPick supports", ex.Message);

        bytes = MrcTestFiles.Fixture("mode2_float32.mrc");
        MrcTestFiles.SetInt(bytes, 8, 1_000_000);
        ex = OpenFails(bytes);
        Assert.Contains("1000000x11x13 float32 voxels", ex.Message);
        Assert.Contains("truncated file or wrong header", ex.Message);
    }

    [Fact]
    public void Permuted_axes_are_refused_with_advice()
    {
        var bytes = MrcTestFiles.Fixture("mode2_float32.mrc");
        MrcTestFiles.SetInt(bytes, 64, 2);
        MrcTestFiles.SetInt(bytes, 68, 1);
        var ex = OpenFails(bytes);
        Assert.Contains("MAPC/MAPR/MAPS are 2/1/3", ex.Message);
        Assert.Contains("standard 1/2/3 axis order", ex.Message);

        MrcTestFiles.SetInt(bytes, 64, 1);
        MrcTestFiles.SetInt(bytes, 68, 1);
        Assert.Contains("expected a permutation of 1, 2, 3", OpenFails(bytes).Message);
    }

    [Fact]
    public void Non_fatal_problems_are_warnings_when_permissive_and_errors_when_strict()
    {
        var bytes = MrcTestFiles.Fixture("mode2_float32.mrc");
        MrcTestFiles.SetInt(bytes, 108, 12345);
        bytes[208] = (byte)'X';
        using var dir = Fixtures.TempDir();
        var path = dir.File("odd.mrc");
        File.WriteAllBytes(path, bytes);
        using (var reader = MrcReader.Open(path))
        {
            Assert.Equal([1, 8], reader.Warnings.Select(w => w.Check));
            Assert.Equal(7 * 11 * 13, reader.ReadAllFloat32().Length);
        }
        var ex = Assert.Throws<MotorPickException>(() => MrcReader.Open(path, new MrcReadOptions { Validation = MrcValidationMode.Strict }));
        Assert.Contains("check 1: map ID is 'XAP '", ex.Message);
        Assert.Contains("check 8 (NVERSION)", ex.Message);
    }

    [Fact]
    public void An_unknown_machine_stamp_guesses_the_byte_order_and_warns()
    {
        var bytes = MrcTestFiles.ToBigEndian(MrcTestFiles.Fixture("mode1_int16.mrc"), 2);
        bytes[212] = 0; bytes[213] = 0;
        using var dir = Fixtures.TempDir();
        var path = dir.File("nostamp.mrc");
        File.WriteAllBytes(path, bytes);
        using var reader = MrcReader.Open(path);
        Assert.True(reader.Header.IsBigEndian);
        Assert.Contains(reader.Warnings, w => w.Check == 2);
        Assert.Equal(MrcReader.ReadFloat32(Fixtures.Path("peer", "mrc", "mode1_int16.mrc")), reader.ReadAllFloat32());
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var ex = Assert.Throws<MotorPickException>(() => MrcReader.Open("/nonexistent/x.mrc"));
        Assert.Contains("cannot open MRC file", ex.Message);
    }

    [Fact]
    public void Reading_outside_the_volume_throws()
    {
        using var reader = MrcReader.Open(Fixtures.Path("peer", "mrc", "mode2_float32.mrc"));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadSlab<float>(5, 3));
        Assert.Throws<MotorPickException>(() => reader.ReadSlab<short>(0, 1));
    }
}
