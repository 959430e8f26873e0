using MotorPick.Core;

namespace MotorPick.Interop;

/// <summary>copick's naming rules and MotorPick's pickable object.</summary>
public static class CopickNames
{
    /// <summary>The pickable object name (copick names may not contain underscores).</summary>
    public const string MotorObject = "flagellar-motor";

    /// <summary>Gene Ontology "bacterial-type flagellum motor", the portal's annotation object id for these motors (interfaces.md 1.5).</summary>
    public const string MotorGoId = "GO:0120100";

    public const string MotorGoName = "bacterial-type flagellum motor";

    /// <summary>Display radius (Å) of the motor sphere in copick viewers.</summary>
    public const double MotorRadius = 500.0;

    /// <summary>RGBA display colour.</summary>
    public static readonly int[] MotorColor = [255, 127, 14, 255];

    /// <summary>
    /// Refuses names copick would rewrite: copick's sanitize_name replaces <c>&lt;&gt;:"/\|?*</c>, control characters,
    /// whitespace and underscores (underscores separate user, session and object in the picks file name) and strips
    /// leading/trailing dashes (copick/copick src/copick/util/escape.py; docs/datamodel.md "Naming Conventions").
    /// </summary>
    public static void Validate(string name, string what)
    {
        var bad = name.FirstOrDefault(c => c is '<' or '>' or ':' or '"' or '/' or '\\' or '|' or '?' or '*' or '_' || char.IsControl(c) || char.IsWhiteSpace(c));
        if (name.Length == 0 || bad != default || name.StartsWith('-') || name.EndsWith('-'))
        {
            var why = name.Length == 0 ? "is empty"
                : bad == '_' ? "contains '_' (copick joins user, session and object with underscores in the picks file name)"
                : bad != default ? $"contains '{bad}'"
                : "starts or ends with '-'";
            throw new MotorPickException($"copick {what} '{name}' {why}; copick names may use letters, digits, '.' and '-'", field: "--" + what.Split(' ')[0]);
        }
    }

    /// <summary>The run folder (or file) name must be an identifier (<see cref="Identifiers"/>): it becomes a path.</summary>
    public static void ValidateRun(string run) => Identifiers.Check(run, field: "tomo_id", what: "tomogram id");
}
