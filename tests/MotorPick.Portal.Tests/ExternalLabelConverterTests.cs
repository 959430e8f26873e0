using MotorPick.Core;
using MotorPick.Portal.Api;
using MotorPick.Portal.Metadata;
using MotorPick.Portal.Processing;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

public class ExternalLabelConverterTests
{
    [Fact]
    public void The_reference_worked_example_is_reproduced_exactly()
    {
        // aba2014-02-21-27: label (48, 271.8047926681195, 213.1075604787339), stored (408, 757, 783), oriZ = 500.
        var (z, y, x) = ExternalLabelConverter.Convert(48.0, 271.8047926681195, 213.1075604787339, 500, 408, 757, 783);
        Assert.Equal("153.316", Core.PyFormat.Float(z));
        Assert.Equal("402.1068907222001", Core.PyFormat.Float(y));
        Assert.Equal("326.16937471650124", Core.PyFormat.Float(x));
    }

    [Fact]
    public void Sampled_slices_follow_numpy_linspace_truncated()
    {
        Assert.Equal(188, ExternalLabelConverter.SampledSlice(500, 48));
        Assert.Equal(0, ExternalLabelConverter.SampledSlice(500, 0));
        Assert.Equal(499, ExternalLabelConverter.SampledSlice(500, 127));
        Assert.Equal(799, ExternalLabelConverter.SampledSlice(800, 127));
    }

    [Fact]
    public void Converts_the_label_file_in_its_order_and_reports_runs_without_meta()
    {
        using var dir = Fixtures.TempDir();
        var meta = Path.Combine(dir.Path, "meta");
        WriteMeta(meta, "aba2014-02-21-27", [500, 928, 960], [408, 757, 783]);
        var labels = dir.File("labels.csv");
        File.WriteAllText(labels, "z,y,x,tomo_id,dataset_id\n67.0,191.17,345.32,aba2013-04-06-10,10287\n48.0,271.8047926681195,213.1075604787339,aba2014-02-21-27,10268\n");
        var result = ExternalLabelConverter.Run(labels, meta, dir.File("external_labels_v1.csv"));
        Assert.Equal(1, result.Rows);
        Assert.Equal(["aba2013-04-06-10"], result.RunsWithoutMeta);
        var lines = File.ReadAllLines(dir.File("external_labels_v1.csv"));
        Assert.Equal(string.Join(",", ExternalLabelConverter.Columns), lines[0]);
        Assert.Equal(58, ExternalLabelConverter.Columns.Count);
        Assert.StartsWith("153.316,402.1068907222001,326.16937471650124,aba2014-02-21-27,408,757,783,10.0,\"[500, 928, 960]\",float32,16.0,\"[408, 757, 783]\",True,10268,", lines[1]);
        Assert.EndsWith(",48.0,271.8047926681195,213.1075604787339", lines[1]);

        var rows = MetadataTable.Write(meta, dir.File("metadata_full.csv"));
        var table = File.ReadAllLines(dir.File("metadata_full.csv"));
        Assert.Equal(1, rows);
        Assert.Equal(51, MetadataTable.Columns.Count);
        Assert.Equal(string.Join(",", MetadataTable.Columns), table[0]);
        Assert.StartsWith("aba2014-02-21-27,10.0,\"[500, 928, 960]\",float32,True,16.0,\"[408, 757, 783]\",408,757,783,", table[1]);
    }

    [Fact]
    public void Integer_columns_with_missing_values_print_as_floats_like_pandas()
    {
        var t = new PandasTable(["a", "b", "c"]);
        t.Add([1L, 1L, "x,y"]);
        t.Add([null, 2L, null]);
        Assert.Equal("a,b,c\n1.0,1,\"x,y\"\n,2,\n", t.ToCsv());
    }

    internal static void WriteMeta(string metaDir, string id, long[] ori, long[] stored)
    {
        var tomo = new PortalTomogram
        {
            Id = 1, RunId = 2, VoxelSpacing = 10, SizeX = (int)ori[2], SizeY = (int)ori[1], SizeZ = (int)ori[0],
            Attributes = PortalAttributes.All.ToDictionary(a => a.SnakeName, a => a.Kind switch
            {
                AttributeKind.Int => (object?)7L,
                AttributeKind.Float => 10.0,
                AttributeKind.Bool => a.SnakeName == "ctf_corrected" ? null : true,
                _ => a.SnakeName + "-\u00e9",
            }),
        };
        var profile = new Volumes.Intensity.IntensityProfile
        {
            Count = 1, Min = -3, Max = 4, Mean = 0.25, Std = 1.5, AllIntegral = true,
            Histogram = Enumerable.Repeat(1L, 256).ToArray(), HistogramEdges = Enumerable.Range(0, 257).Select(i => -3 + 7.0 * i / 256).ToArray(),
        };
        var doc = ReferenceMeta.Build(id, tomo, 10.0, new((int)ori[0], (int)ori[1], (int)ori[2]), Formats.Voxels.VoxelType.Float32, profile, 16.0, new((int)stored[0], (int)stored[1], (int)stored[2]));
        Core.AtomicFile.WriteAllText(ReferenceMeta.MetaPath(Path.GetDirectoryName(metaDir)!, id), PyJson.Serialize(doc));
    }
}
