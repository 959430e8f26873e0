namespace MotorPick.Core.Tests;

/// <summary>
/// Entry point of this assembly run as a plain process (the test runner never calls it):
/// <c>lock-contender DIR READY_DIR GO_FILE RESULTS_DIR</c> waits for GO_FILE, tries once to take the lock of DIR, writes
/// "won" or "refused" to RESULTS_DIR/PID (one file each: appends of processes to one file can overwrite each other),
/// and a winner holds the lock 3 s, so that no later contender could take it.
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
        Thread.Sleep(3000);
        held.Dispose();
        return 0;
    }

    private static string Result(string dir) => Path.Combine(dir, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
