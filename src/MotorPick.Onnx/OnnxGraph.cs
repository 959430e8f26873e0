using Google.Protobuf;

namespace MotorPick.Onnx;

/// <summary>A graph (GraphProto): nodes in topological order, constant tensors, inputs and outputs.</summary>
public sealed class OnnxGraph(string name, IReadOnlyList<OnnxNode> nodes, IReadOnlyList<OnnxTensor> initializers,
    IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs) : ProtoMessage
{
    private const int NodeField = 1, NameField = 2, InitializerField = 5, InputField = 11, OutputField = 12;

    public string Name { get; } = name;
    public IReadOnlyList<OnnxNode> Nodes { get; } = nodes;
    public IReadOnlyList<OnnxTensor> Initializers { get; } = initializers;
    public IReadOnlyList<OnnxValueInfo> Inputs { get; } = inputs;
    public IReadOnlyList<OnnxValueInfo> Outputs { get; } = outputs;

    internal override int Size() =>
        Proto.MessagesSize(NodeField, Nodes) + Proto.StringSize(NameField, Name) + Proto.MessagesSize(InitializerField, Initializers)
        + Proto.MessagesSize(InputField, Inputs) + Proto.MessagesSize(OutputField, Outputs);

    internal override void Write(CodedOutputStream o)
    {
        Proto.Messages(o, NodeField, Nodes);
        Proto.String(o, NameField, Name);
        Proto.Messages(o, InitializerField, Initializers);
        Proto.Messages(o, InputField, Inputs);
        Proto.Messages(o, OutputField, Outputs);
    }
}
