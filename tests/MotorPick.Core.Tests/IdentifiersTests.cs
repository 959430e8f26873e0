using MotorPick.Tests;

namespace MotorPick.Core.Tests;

public class IdentifiersTests
{
    [Fact]
    public void Every_tomo_id_of_the_reference_tables_is_an_identifier()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var csv in Directory.EnumerateFiles(Fixtures.Path("reference"), "*.csv", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(csv);
            var column = Array.IndexOf(lines[0].Split(','), "tomo_id");
            if (column < 0) continue;
            // tomo_id comes before any quoted field in these tables, so a plain split finds it.
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0)) ids.Add(line.Split(',')[column]);
        }
        Assert.True(ids.Count > 1500, $"only {ids.Count} ids read");
        Assert.DoesNotContain(ids, id => !Identifiers.IsValid(id));
    }

    [Theory]
    [InlineData("tomo_00e047")] // competition and synthetic ids
    [InlineData("mba2011-02-16-100")] // portal run names of the external data
    [InlineData("TS_026")]
    [InlineData("Position_10_2")]
    [InlineData("run.1")]
    [InlineData("_x")]
    public void Real_ids_are_accepted(string id) => Assert.Equal(id, Identifiers.Check(id));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("tomo\n")]
    [InlineData("-rf")]
    [InlineData(".hidden")]
    [InlineData("a b")]
    [InlineData("tomo_é")]
    public void Names_that_could_leave_a_folder_or_confuse_a_tool_are_refused(string id)
    {
        Assert.False(Identifiers.IsValid(id));
        var ex = Assert.Throws<MotorPickException>(() => Identifiers.Check(id, "labels.csv", 4, "tomo_id"));
        Assert.StartsWith("labels.csv, line 4, field 'tomo_id': tomo_id ", ex.Message);
        Assert.Contains("expected 1 to 128 ASCII letters", ex.Message);
        Assert.DoesNotContain("\0", ex.Message);
    }

    [Fact]
    public void Absurd_lengths_are_refused_and_the_message_stays_short()
    {
        Assert.True(Identifiers.IsValid(new string('a', Identifiers.MaxLength)));
        var ex = Assert.Throws<MotorPickException>(() => Identifiers.Check(new string('a', 100_000)));
        Assert.True(ex.Message.Length < 400, ex.Message);
        Assert.Contains("(100000 characters)", ex.Message);
    }

    [Fact]
    public void Child_builds_a_path_only_from_an_identifier()
    {
        Assert.Equal(Path.Combine("out", "meta", "tomo_1.json"), Identifiers.Child(Path.Combine("out", "meta"), "tomo_1", ".json"));
        var ex = Assert.Throws<MotorPickException>(() => Identifiers.Child("out", "..", ".json"));
        Assert.Equal("out", ex.Path);
    }

    [Theory]
    [InlineData("annotations.xml", true)]
    [InlineData("images/FP/FP-1-tomo_0333fa-300x960x928-spacing16.799999237060547.jpg", true)]
    [InlineData("0/.zarray", true)]
    [InlineData("../annotations.xml", false)]
    [InlineData("a/../../b", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("a//b", false)]
    [InlineData("C:evil", false)]
    [InlineData("a\\..\\b", false)]
    [InlineData("a\u0001b", false)]
    public void Relative_paths_from_outside_may_not_climb_or_be_rooted(string path, bool ok) =>
        Assert.Equal(ok, Identifiers.IsValidRelativePath(path));
}
