namespace MotorPick.Core.Machine;

/// <summary>Finds programs on the PATH, as a shell would (the optional features' tools: chromium, sbatch, ...).</summary>
public static class ExecutableSearch
{
    /// <summary>The full path of the first of <paramref name="names"/> found executable on the PATH, or null.</summary>
    public static string? Find(params string[] names)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
            foreach (var dir in dirs)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                    return candidate;
            }
        return null;
    }
}
