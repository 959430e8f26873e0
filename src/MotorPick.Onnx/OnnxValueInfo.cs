using Google.Protobuf;

namespace MotorPick.Onnx;

/// <summary>One axis of a graph input or output: a fixed size or a named dynamic one (dim_param).</summary>
public sealed record OnnxDim(long? Value, string? Param)
{
    public static OnnxDim Fixed(long value) => new(value, null);

    public static OnnxDim Dynamic(string name) => new(null, name);
}

/// <summary>
/// A graph input or output (ValueInfoProto) holding a tensor type: TypeProto { tensor_type = TypeProto.Tensor
/// { elem_type, shape = TensorShapeProto { dim* } } }.
/// </summary>
public sealed class OnnxValueInfo(string name, OnnxDataType type, IReadOnlyList<OnnxDim> shape) : ProtoMessage
{
    public string Name { get; } = name;
    public OnnxDataType Type { get; } = type;
    public IReadOnlyList<OnnxDim> Shape { get; } = shape;

    internal override int Size() => Proto.StringSize(1, Name) + Proto.MessageSize(2, new TypeMessage(this));

    internal override void Write(CodedOutputStream o)
    {
        Proto.String(o, 1, Name);
        Proto.Message(o, 2, new TypeMessage(this));
    }

    /// <summary>TypeProto: tensor_type = 1.</summary>
    private sealed class TypeMessage(OnnxValueInfo v) : ProtoMessage
    {
        internal override int Size() => Proto.MessageSize(1, new TensorTypeMessage(v));

        internal override void Write(CodedOutputStream o) => Proto.Message(o, 1, new TensorTypeMessage(v));
    }

    /// <summary>TypeProto.Tensor: elem_type = 1, shape = 2.</summary>
    private sealed class TensorTypeMessage(OnnxValueInfo v) : ProtoMessage
    {
        internal override int Size() => Proto.Int64Size(1, (long)v.Type) + Proto.MessageSize(2, new ShapeMessage(v.Shape));

        internal override void Write(CodedOutputStream o)
        {
            Proto.Int64(o, 1, (long)v.Type);
            Proto.Message(o, 2, new ShapeMessage(v.Shape));
        }
    }

    /// <summary>TensorShapeProto: dim = 1 (repeated Dimension { dim_value = 1 | dim_param = 2 }).</summary>
    private sealed class ShapeMessage(IReadOnlyList<OnnxDim> dims) : ProtoMessage
    {
        internal override int Size() => Proto.MessagesSize(1, dims.Select(d => new DimMessage(d)));

        internal override void Write(CodedOutputStream o) => Proto.Messages(o, 1, dims.Select(d => new DimMessage(d)));
    }

    private sealed class DimMessage(OnnxDim d) : ProtoMessage
    {
        internal override int Size() => d.Value is long v ? Proto.Int64Size(1, v) : Proto.StringSize(2, d.Param);

        internal override void Write(CodedOutputStream o)
        {
            if (d.Value is long v) Proto.Int64(o, 1, v);
            else Proto.String(o, 2, d.Param);
        }
    }
}
