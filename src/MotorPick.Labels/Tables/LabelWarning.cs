namespace MotorPick.Labels.Tables;

/// <summary>A known quirk of real label data that is reported but does not stop the job (e.g. a stale motor count).</summary>
public sealed record LabelWarning(string Path, long Line, string Field, string Message)
{
    public override string ToString() => $"{Path}, line {Line}, field '{Field}': {Message}";
}
