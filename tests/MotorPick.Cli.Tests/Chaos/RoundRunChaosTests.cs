using MotorPick.Rounds.Recipes;
using MotorPick.Tests;
using Xunit.Abstractions;

namespace MotorPick.Cli.Tests.Chaos;

[Collection(ChaosCollection.Name)]
public class RoundRunChaosTests(ChaosData data, ITestOutputHelper log)
{
    /// <summary>
    /// A train-on-all round (gt, train, predict, merge, mine, render, CVAT export) killed three times ends with the
    /// outputs of an uninterrupted round. Not compared: manifest.json (times, and which steps ran or were skipped, by
    /// design), and the wall-clock columns of the training log and checkpoint state (see the train chaos test).
    /// </summary>
    [Fact]
    public void A_killed_round_resumes_its_steps_to_the_same_outputs()
    {
        using var tmp = Fixtures.TempDir();
        var round = SmallRound.Write(tmp, data, steps: 16);
        var (recipe, root, args) = (round.Recipe, round.Root, round.Args);
        var chaos = ChaosRun.Start(root, args, seed: 606);
        var steps = RoundPlanner.Preparation(recipe, tmp.Path).Concat(RoundPlanner.Plan(recipe, tmp.Path)).ToList();
        var done = steps.Where(s => s.Outputs.All(o => File.Exists(o) || Directory.Exists(o))).Select(s => s.Name).ToList();

        var final = chaos.Finish(args);
        log.WriteLine(chaos.Describe(final) + $"; steps done before the rerun: {string.Join(", ", done)}");
        chaos.AssertSameOutputs(rel => rel is "manifest.json" || rel.EndsWith("/train_log.csv", StringComparison.Ordinal) || rel.EndsWith("/checkpoint/state.json", StringComparison.Ordinal));
        chaos.AssertNoLeftovers();
        foreach (var name in done) ChaosRun.AssertLogged(final, $"{name}: outputs exist, skipped");
        foreach (var name in steps.Select(s => s.Name).Except(done)) ChaosRun.AssertLogged(final, $"step {name} done");
    }
}
