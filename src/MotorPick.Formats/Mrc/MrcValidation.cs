namespace MotorPick.Formats.Mrc;

/// <summary>How strictly an MRC header is judged when a file is opened.</summary>
public enum MrcValidationMode
{
    /// <summary>Only problems that make the data unreadable or ambiguous throw; the rest become <see cref="MrcReader.Warnings"/>.</summary>
    Permissive,
    /// <summary>Every failed check throws (mrcfile's validate, without the data-statistics check).</summary>
    Strict,
}

/// <summary>
/// One failed check. <see cref="Check"/> is mrcfile's validation number: 1 MAP id, 2 machine stamp, 3 mode,
/// 4 map and cell dimensions, 5 axis mapping, 6 volume-stack dimensions, 7 labels, 8 NVERSION, 9 extended-header
/// type, 10 data statistics, 11 file size.
/// </summary>
/// <param name="Check">mrcfile's check number (1-11).</param>
/// <param name="Field">Header field concerned.</param>
/// <param name="Message">What is wrong and what was expected.</param>
/// <param name="Fatal">True when the data cannot be read safely, whatever the validation mode.</param>
public sealed record MrcIssue(int Check, string Field, string Message, bool Fatal)
{
    public override string ToString() => $"check {Check} ({Field}): {Message}";
}
