using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MotorPick.Onnx.Tests;

/// <summary>The protobuf writer on its own: a hand-built graph loads in ONNX Runtime and computes what it says.</summary>
public class OnnxWriterTests
{
    [Fact]
    public void A_written_graph_runs_in_OnnxRuntime_with_dynamic_axes()
    {
        var g = new OnnxGraphBuilder("writer_test");
        var x = g.Input("x", OnnxDataType.Float, OnnxDim.Dynamic("n"), OnnxDim.Fixed(1), OnnxDim.Dynamic("d"), OnnxDim.Dynamic("h"), OnnxDim.Dynamic("w"));
        // 1 -> 2 channels: 2x + 1 and -x + 0.5, then ReLU, then a 2x2x2 max pool
        var w = g.Floats("w", [2, 1, 1, 1, 1], [2f, -1f]);
        var b = g.Floats("b", [2], [1f, 0.5f]);
        var conv = g.Node("Conv", "conv", [x, w, b], OnnxAttribute.Ints("kernel_shape", 1, 1, 1), OnnxAttribute.Int("group", 1));
        var relu = g.Node("Relu", "relu", [conv]);
        var pooled = g.Node("MaxPool", "y", [relu], OnnxAttribute.Ints("kernel_shape", 2, 2, 2), OnnxAttribute.Ints("strides", 2, 2, 2));
        var shape = g.Node("Shape", "shape", [pooled], OnnxAttribute.Int("start", 2), OnnxAttribute.Int("end", 5));
        g.Output(pooled, OnnxDataType.Float, OnnxDim.Dynamic("n"), OnnxDim.Fixed(2), OnnxDim.Dynamic("d2"), OnnxDim.Dynamic("h2"), OnnxDim.Dynamic("w2"));
        g.Output(shape, OnnxDataType.Int64, OnnxDim.Fixed(3));
        var bytes = new OnnxModel(g.Build(), "test", "1", new Dictionary<string, string> { ["k"] = "v" }).ToBytes();

        using var session = new InferenceSession(bytes);
        Assert.Equal("v", session.ModelMetadata.CustomMetadataMap["k"]);
        Assert.Equal([-1, 1, -1, -1, -1], session.InputMetadata["x"].Dimensions);
        foreach (var (n, d, h, wd) in new[] { (1, 2, 4, 6), (3, 4, 2, 2) })
        {
            var values = Enumerable.Range(0, n * d * h * wd).Select(i => (float)(i % 7) - 3f).ToArray();
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(values, [n, 1, d, h, wd]))]);
            var y = results.First(r => r.Name == "y").AsTensor<float>();
            Assert.Equal([n, 2, d / 2, h / 2, wd / 2], y.Dimensions.ToArray());
            Assert.Equal([d / 2L, h / 2L, wd / 2L], results.First(r => r.Name == "shape").AsTensor<long>().ToArray());
            // expected: max over each 2x2x2 block of relu(2x + 1) and relu(-x + 0.5)
            for (int c = 0; c < 2; c++)
                for (int i = 0; i < n; i++)
                {
                    float want = float.MinValue;
                    for (int k = 0; k < 2; k++) for (int j = 0; j < 2; j++) for (int l = 0; l < 2; l++)
                    {
                        float v = values[((i * d + k) * h + j) * wd + l];
                        want = Math.Max(want, Math.Max(0, c == 0 ? 2 * v + 1 : -v + 0.5f));
                    }
                    Assert.Equal(want, y[i, c, 0, 0, 0]);
                }
        }
    }

    [Fact]
    public void Value_names_are_unique_and_int64_constants_shared()
    {
        var g = new OnnxGraphBuilder("names");
        Assert.Equal("a", g.Unique("a"));
        Assert.Equal("a_1", g.Unique("a"));
        Assert.Same(g.Int64s(0, 2, -1), g.Int64s(0, 2, -1));
        Assert.NotEqual(g.Int64s(1), g.Int64s(2));
    }
}
