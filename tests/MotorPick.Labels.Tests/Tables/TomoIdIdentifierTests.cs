using MotorPick.Core;
using MotorPick.Labels.Csv;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Tests.Tables;

/// <summary>tomo_id values become file names (slices, heatmaps, review images): every table reader checks them against
/// <see cref="Identifiers"/> where they enter, naming file, line and field (issue 19).</summary>
public class TomoIdIdentifierTests
{
    public static TheoryData<string, string> Tables => new()
    {
        { "train_labels", "row_id,tomo_id,Motor axis 0,Motor axis 1,Motor axis 2,Array shape (axis 0),Array shape (axis 1),Array shape (axis 2),Voxel spacing,Number of motors\n" +
                          "0,tomo_003acc,-1.0,-1.0,-1.0,500,1912,1847,6.5,0\n1,{id},-1.0,-1.0,-1.0,500,1912,1847,6.5,0\n" },
        { "gt", "tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx\n" +
                "t1,10,10,10,16.0,0,-1.0,-1.0,-1.0,[]\n{id},10,10,10,16.0,0,-1.0,-1.0,-1.0,[]\n" },
        { "candidates", "tomo_id,motor_z,motor_y,motor_x,conf\nt1,1.0,2.0,3.0,0.5\n{id},1.0,2.0,3.0,0.5\n" },
        { "submission", "tomo_id,Motor axis 0,Motor axis 1,Motor axis 2\nt1,1.0,2.0,3.0\n{id},1.0,2.0,3.0\n" },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void A_tomo_id_that_could_leave_a_folder_is_refused_naming_file_line_and_field(string kind, string template)
    {
        foreach (var bad in new[] { "../evil", "..", "a/b", "-rf", "\"x\ty\"" })
        {
            var doc = CsvDocument.Parse(template.Replace("{id}", bad, StringComparison.Ordinal), kind + ".csv");
            var ex = Assert.Throws<MotorPickException>(() => Read(kind, doc));
            Assert.Equal((kind + ".csv", 3L, "tomo_id"), (ex.Path, ex.Line, ex.Field));
            Assert.Contains("is not a valid identifier: expected", ex.Message);
        }
        Read(kind, CsvDocument.Parse(template.Replace("{id}", "mba2011-02-16-100", StringComparison.Ordinal), kind + ".csv"));
    }

    private static void Read(string kind, CsvDocument doc)
    {
        if (kind == "train_labels") TrainLabelsFile.Parse(doc);
        else if (kind == "gt") GtTableFile.Parse(doc);
        else PredictionsFile.Parse(doc);
    }
}
