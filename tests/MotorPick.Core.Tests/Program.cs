namespace MotorPick.Core.Tests;

/// <summary>
/// Entry point of this assembly run as a plain process (the test runner never calls it):
/// <c>lock-contender DIR READY_DIR GO_FILE RESULTS_DIR</c> waits for GO_FILE, tries once to take the lock of DIR, writes
/// "won" or "refused" to RESULTS_DIR/PID (one file each: appends of processes to one file can overwrite each other),
/// and a winner holds the lock until every contender (one READY_DIR file each) has written its result, so that no
/// contender starved of CPU for a while can take the lock after the winner let it go (a fixed 3 s hold was not enough
/// with 8 contenders starting on 2 loaded cores).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 5 || args[0] != "lock-contender") return 2;
        File.WriteAllText(Path.Combine(args[2], Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "");
        while (!File.Exists(args[3])) Thread.Sleep(1);
        OutputLock? held = null;
        try { held = OutputLock.Acquire(args[1], "lock-contender"); }
        catch (MotorPickException) { }
        catch (Exception ex)
        {
            File.WriteAllText(Result(args[4]), $"failed: {ex.ToString().ReplaceLineEndings(" | ")}");
            return 1;
        }
        File.WriteAllText(Result(args[4]), held is null ? "refused" : "won");
        if (held is null) return 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (Directory.GetFiles(args[4]).Length < Directory.GetFiles(args[2]).Length && DateTime.UtcNow < deadline) Thread.Sleep(20);
        held.Dispose();
        return 0;
    }

    private static string Result(string dir) => Path.Combine(dir, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
