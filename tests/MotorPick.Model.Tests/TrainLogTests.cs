using MotorPick.Model.Training;
using MotorPick.Tests;

namespace MotorPick.Model.Tests;

public class TrainLogTests
{
    [Fact]
    public void Before_a_resume_rows_after_the_checkpoint_and_a_cut_last_line_are_dropped()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("train_log.csv");
        File.WriteAllText(path, TrainLog.Header + "\n" +
            "train,1,0.1,0.9,1,1,,,,,,,\n" +
            "train,2,0.1,0.8,1,2,,,,,,,\n" +
            "val,2,,,,2,0.5,0.5,0.5,0.5,0.1,0.1,3\n" +
            "train,3,0.1,0.7,1,3,,,,,,,\n" +
            "train,4,0.1,0.6,1,4,,,,,,,\n" +
            "train,5,0.1,0.");
        TrainLog.KeepUpTo(path, 2);
        Assert.Equal([TrainLog.Header, "train,1,0.1,0.9,1,1,,,,,,,", "train,2,0.1,0.8,1,2,,,,,,,", "val,2,,,,2,0.5,0.5,0.5,0.5,0.1,0.1,3"], File.ReadAllLines(path));
        using (var log = new TrainLog(path, append: true)) log.Train(3, 0.1, 0.7, 1, 3);
        Assert.Equal(5, File.ReadAllLines(path).Length);
    }
}
