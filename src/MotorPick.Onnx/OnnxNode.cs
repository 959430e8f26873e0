using Google.Protobuf;

namespace MotorPick.Onnx;

/// <summary>An operator application (NodeProto) of the default ONNX domain.</summary>
public sealed class OnnxNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, string name, IReadOnlyList<OnnxAttribute> attributes) : ProtoMessage
{
    private const int InputField = 1, OutputField = 2, NameField = 3, OpTypeField = 4, AttributeField = 5;

    public string OpType { get; } = opType;
    public IReadOnlyList<string> Inputs { get; } = inputs;
    public IReadOnlyList<string> Outputs { get; } = outputs;
    public string Name { get; } = name;
    public IReadOnlyList<OnnxAttribute> Attributes { get; } = attributes;

    internal override int Size() =>
        Proto.StringsSize(InputField, Inputs) + Proto.StringsSize(OutputField, Outputs) + Proto.StringSize(NameField, Name)
        + Proto.StringSize(OpTypeField, OpType) + Proto.MessagesSize(AttributeField, Attributes);

    internal override void Write(CodedOutputStream o)
    {
        Proto.Strings(o, InputField, Inputs);
        Proto.Strings(o, OutputField, Outputs);
        Proto.String(o, NameField, Name);
        Proto.String(o, OpTypeField, OpType);
        Proto.Messages(o, AttributeField, Attributes);
    }
}
