namespace MotorPick.Core.Machine;

/// <summary>
/// Where the libraries report that a speed trick was refused on this machine (a kernel that disagreed with the plain
/// path, an engine optimisation that changed numbers). One sink for all of them; the default writes "warning: ..." to
/// standard error, so a script reading standard output never sees it.
/// </summary>
public static class EngineWarnings
{
    private static Action<string> sink = message => Console.Error.WriteLine("warning: " + message);

    /// <summary>Replaces the sink (the CLI, a test); returns the previous one.</summary>
    public static Action<string> Redirect(Action<string> newSink)
    {
        var old = sink;
        sink = newSink;
        return old;
    }

    public static void Warn(string message) => sink(message);
}
