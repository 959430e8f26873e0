using Google.Protobuf;

namespace MotorPick.Onnx;

/// <summary>A node attribute (AttributeProto) of one of the kinds the exported graphs use: float, int, string, ints.</summary>
public sealed class OnnxAttribute : ProtoMessage
{
    private const int NameField = 1, FField = 2, IField = 3, SField = 4, IntsField = 8, TypeField = 20;

    private enum Kind { Float = 1, Int = 2, String = 3, Ints = 7 }

    private readonly Kind kind;
    private float f;
    private long i;
    private string? s;
    private long[] ints = [];

    private OnnxAttribute(string name, Kind kind) => (Name, this.kind) = (name, kind);

    public string Name { get; }

    public static OnnxAttribute Float(string name, float value) => new(name, Kind.Float) { f = value };

    public static OnnxAttribute Int(string name, long value) => new(name, Kind.Int) { i = value };

    public static OnnxAttribute String(string name, string value) => new(name, Kind.String) { s = value };

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, Kind.Ints) { ints = values };

    internal override int Size() => Proto.StringSize(NameField, Name) + Proto.Int64Size(TypeField, (long)kind) + kind switch
    {
        Kind.Float => Proto.FloatSize(FField),
        Kind.Int => Proto.Int64Size(IField, i),
        Kind.String => Proto.BytesSize(SField, System.Text.Encoding.UTF8.GetBytes(s!)),
        _ => Proto.Int64sSize(IntsField, ints),
    };

    internal override void Write(CodedOutputStream o)
    {
        Proto.String(o, NameField, Name);
        switch (kind)
        {
            case Kind.Float: Proto.Float(o, FField, f); break;
            case Kind.Int: Proto.Int64(o, IField, i); break;
            case Kind.String: Proto.Bytes(o, SField, System.Text.Encoding.UTF8.GetBytes(s!)); break;
            default: Proto.Int64s(o, IntsField, ints); break;
        }
        Proto.Int64(o, TypeField, (long)kind);
    }
}
