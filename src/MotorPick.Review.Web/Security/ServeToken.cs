using MotorPick.Core;

namespace MotorPick.Review.Web.Security;

/// <summary>
/// Where a shared token for <c>review serve</c> comes from: a file (<c>--token-file</c>) or the environment variable
/// <see cref="EnvironmentVariable"/>, not the command line, where every user of the machine can read it in the process
/// list (<c>ps</c>, <c>/proc/PID/cmdline</c>). The old <c>--token</c> still works, with a warning.
/// </summary>
public static class ServeToken
{
    public const string EnvironmentVariable = "MOTORPICK_REVIEW_TOKEN";
    public const int MinLength = 16;
    public const string ArgvWarning =
        "--token puts the token on the command line, where every user of this machine can read it in the process list (ps); " +
        "use --token-file FILE or the environment variable " + EnvironmentVariable + " instead";

    /// <summary>
    /// The token of <paramref name="tokenFile"/> (first line, trimmed), else of the environment variable, else the
    /// deprecated command-line value (with <see cref="ArgvWarning"/>); null when none is given.
    /// </summary>
    public static string? Read(string? tokenFile, string? fromArgv, Action<string> warn, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var given = (tokenFile is not null ? 1 : 0) + (fromArgv is not null ? 1 : 0);
        if (given > 1) throw new MotorPickException("give the token once: --token-file or (deprecated) --token", field: "--token-file");
        string? token;
        string source;
        if (tokenFile is not null)
        {
            if (!File.Exists(tokenFile)) throw new MotorPickException("the token file does not exist", tokenFile, field: "--token-file");
            token = File.ReadLines(tokenFile).FirstOrDefault()?.Trim();
            source = tokenFile;
            WarnIfOthersCanRead(tokenFile, warn);
        }
        else if (fromArgv is not null)
        {
            warn(ArgvWarning);
            token = fromArgv;
            source = "--token";
        }
        else
        {
            token = environment(EnvironmentVariable);
            if (string.IsNullOrEmpty(token)) return null;
            token = token.Trim();
            source = EnvironmentVariable;
        }
        if (string.IsNullOrEmpty(token) || token.Length < MinLength || token.Any(char.IsControl) || token.Length > 256)
            throw new MotorPickException($"the token must have {MinLength} to 256 characters without spaces at the ends (e.g. openssl rand -hex 16)", source);
        return token;
    }

    private static void WarnIfOthersCanRead(string path, Action<string> warn)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            warn($"{path} can be read by other users: chmod 600 it");
    }
}
