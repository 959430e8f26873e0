namespace MotorPick.Portal.StandIn;

/// <summary>
/// A row of the stand-in's catalogue: a GraphQL type name and its fields. Scalar fields hold long, double, bool, string
/// or null; many-to-one relations hold an <see cref="Entity"/>; one-to-many relations hold a <see cref="List{Entity}"/>.
/// </summary>
public sealed class Entity(string type)
{
    public string Type { get; } = type;

    public Dictionary<string, object?> Fields { get; } = new(StringComparer.Ordinal);

    public object? this[string field]
    {
        get => Fields.TryGetValue(field, out var v) ? v : null;
        set => Fields[field] = value;
    }

    public long Id => (long)Fields["id"]!;

    /// <summary>Adds <paramref name="child"/> to the one-to-many list <paramref name="field"/>.</summary>
    public void AddTo(string field, Entity child)
    {
        if (this[field] is not List<Entity> list) Fields[field] = list = [];
        list.Add(child);
    }
}
