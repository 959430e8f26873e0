using System.IO.Compression;
using System.Text;
using MotorPick.Core;
using MotorPick.Curation.Cvat;
using MotorPick.Curation.Review;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Curation.Tests;

public class CvatAnnotationsTests
{
    private const string Xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <annotations>
          <version>1.1</version>
          <meta><task><id>12</id><name>round1</name><labels><label><name>0</name><type>tag</type></label></labels></task></meta>
          <image id="0" name="FP/FP-0-tomo_aaaaaa-100x100x100-spacing10.0.jpg" width="896" height="896">
            <tag label="1" source="manual"></tag>
            <tag label="2" source="manual"><attribute name="confidence">high</attribute></tag>
          </image>
          <image id="1" name="FN/FN-1-run-2011-02-16-1-100x100x100-spacing10.0.jpg" width="896" height="896">
            <tag label="0" source="manual"/>
          </image>
          <image id="2" name="FP/FP-2-tomo_cccccc-100x100x100-spacing10.0.jpg" width="896" height="896"></image>
          <image id="3" name="FP/elsewhere.jpg" width="1" height="1"><tag label="1" source="manual"/></image>
          <image id="4" name="FP/FP-2-tomo_cccccc-100x100x100-spacing10.0.jpg" width="896" height="896"><tag label="7" source="manual"/></image>
        </annotations>
        """;

    private static IReadOnlyList<CvatImageTags> Parse(string xml) => CvatAnnotations.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "a.xml");

    [Fact]
    public void Reads_tags_per_image_including_empty_images()
    {
        var images = Parse(Xml);
        Assert.Equal(5, images.Count);
        Assert.Equal(["1", "2"], images[0].Labels);
        Assert.Equal(["0"], images[1].Labels);
        Assert.Empty(images[2].Labels);
    }

    private static string Zip(TempDir dir, params (string Name, byte[] Bytes)[] entries)
    {
        var path = dir.File("export.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(bytes);
        }
        return path;
    }

    [Fact]
    public void An_archive_with_more_than_10000_entries_is_refused_before_any_is_read()
    {
        using var dir = Fixtures.TempDir();
        var entries = Enumerable.Range(0, 10_001).Select(i => ($"images/{i}.jpg", Array.Empty<byte>()))
            .Prepend(("annotations.xml", Encoding.UTF8.GetBytes(Xml))).ToArray();
        var path = Zip(dir, entries);
        var ex = Assert.Throws<MotorPickException>(() => CvatAnnotations.Read(path));
        Assert.Equal(path, ex.Path);
        Assert.Contains("the ZIP has 10002 entries, more than the 10000 accepted", ex.Message);
    }

    [Fact]
    public void MacOS_resource_entries_are_ignored()
    {
        using var dir = Fixtures.TempDir();
        // Finder's AppleDouble file beside the real one: binary, not XML.
        var path = Zip(dir, ("annotations.xml", Encoding.UTF8.GetBytes(Xml)), ("__MACOSX/", []), ("__MACOSX/._annotations.xml", [0x00, 0x05, 0x16, 0x07, 0, 2, 0, 0]),
            ("__MACOSX/x.xml", Encoding.UTF8.GetBytes("not xml")));
        Assert.Equal(5, CvatAnnotations.Read(path).Count);
    }

    [Theory]
    [InlineData("../annotations.xml")]
    [InlineData("/tmp/annotations.xml")]
    [InlineData("images/../../x.jpg")]
    [InlineData("C:\\x.xml")]
    public void An_entry_name_that_is_not_a_plain_relative_path_is_refused(string name)
    {
        using var dir = Fixtures.TempDir();
        var path = Zip(dir, ("annotations.xml", Encoding.UTF8.GetBytes(Xml)), (name, Encoding.UTF8.GetBytes(Xml)));
        var ex = Assert.Throws<MotorPickException>(() => CvatAnnotations.Read(path));
        Assert.Equal(path, ex.Path);
        Assert.Contains("ZIP entry name", ex.Message);
    }

    [Fact]
    public void A_dtd_is_refused()
    {
        var evil = """
            <?xml version="1.0"?>
            <!DOCTYPE annotations [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol">]>
            <annotations><image id="0" name="&xxe;"/></annotations>
            """;
        var ex = Assert.Throws<MotorPickException>(() => Parse(evil));
        Assert.Contains("DTD", ex.Message);
    }

    [Fact]
    public void Decisions_map_images_through_the_review_and_report_problems()
    {
        var shape = new TomoShape(100, 100, 100);
        ReviewItem Item(int i, Judgement j, string id, int cands) => new(i, j, id, shape, 10,
            j == Judgement.FN ? [new Point3(1, 1, 1)] : [], Enumerable.Range(0, cands).Select(k => new ReviewCandidate(new Point3(k, k, k), 0.5)).ToArray(),
            ReviewItem.ImageNameFor(j, i, id, shape, 10));
        var review = new ReviewSet("l", "", "c", "", 0.05, MatchMode.Top1, 1000, new JudgeCounts(0, 0, 0, 0),
            [Item(0, Judgement.FP, "tomo_aaaaaa", 2), Item(1, Judgement.FN, "run-2011-02-16-1", 1), Item(2, Judgement.FP, "tomo_cccccc", 1)], []);
        var set = CvatImport.ToDecisions(review, Parse(Xml));
        Assert.Equal([0, 1], set.Decisions.Select(d => d.ItemIndex));
        Assert.Equal([1, 2], set.Decisions[0].AcceptedCandidates);
        Assert.Equal("run-2011-02-16-1", set.Decisions[1].TomoId);
        Assert.True(set.Decisions[1].KeepLabels);
        Assert.Contains(set.Problems, p => p.Image == "FP/elsewhere.jpg" && p.Message.Contains("no review item", StringComparison.Ordinal));
        Assert.Contains(set.Problems, p => p.Message.Contains("unknown label '7'", StringComparison.Ordinal));
    }
}
