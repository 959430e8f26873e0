namespace MotorPick.Cli.Commands.Slurm;

/// <summary>How a compute node starts the motorpick that is running now: <c>dotnet /path/motorpick.dll</c>, or the
/// <c>motorpick</c> executable itself. Jobs then run exactly the build that submitted them.</summary>
internal static class MotorPickLauncher
{
    public static IReadOnlyList<string> Current()
    {
        var dll = typeof(CliApp).Assembly.Location;
        var process = Environment.ProcessPath;
        if (process is not null)
        {
            var name = Path.GetFileNameWithoutExtension(process);
            if (name == "dotnet") return [process, dll];
            if (name == "motorpick") return [process];
        }
        // Hosted elsewhere (a test host): run the built assembly with the dotnet on the node's PATH.
        return ["dotnet", dll];
    }

    /// <summary>Splits a --launcher value on whitespace ("dotnet /opt/motorpick/motorpick.dll").</summary>
    public static IReadOnlyList<string> Parse(string? text) =>
        text is null ? Current() : text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
