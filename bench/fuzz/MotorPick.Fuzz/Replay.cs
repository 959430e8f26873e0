using MotorPick.Core;

namespace MotorPick.Fuzz;

/// <summary>Runs saved inputs (crashes, corpus entries) through a harness without AFL and reports each outcome.</summary>
internal static class Replay
{
    public static int Run(IHarness harness, IEnumerable<string> paths)
    {
        int crashes = 0;
        using var runner = new GuardedRunner(harness);
        foreach (var path in paths.SelectMany(Expand))
        {
            try
            {
                MotorPickException? refused = runner.Run(File.ReadAllBytes(path));
                Console.WriteLine(refused is null ? $"ok       {path}" : $"refused  {path}: {OneLine(refused.Message)}");
            }
            catch (Exception ex)
            {
                crashes++;
                Console.WriteLine($"CRASH    {path}: {ex.GetType().FullName}: {OneLine(ex.Message)}");
                Console.WriteLine("         " + OneLine(ex.StackTrace ?? "", 600));
            }
        }
        Console.WriteLine($"{crashes} crash(es)");
        return crashes == 0 ? 0 : 1;
    }

    private static IEnumerable<string> Expand(string p) =>
        Directory.Exists(p) ? Directory.EnumerateFiles(p).Where(f => !Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal)).Order() : [p];

    private static string OneLine(string s, int max = 300)
    {
        var line = string.Join(" | ", s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > max ? line[..max] + "..." : line;
    }
}
