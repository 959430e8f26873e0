using MotorPick.Core;
using Xunit;

namespace MotorPick.Core.Tests;

/// <summary>Expected strings are Python 3.11's json.dumps output for the same values.</summary>
public class PyJsonTests
{
    private static PyJson.Obj Sample() => new()
    {
        { "name", "tomo_00e047" },
        { "zyx", new object[] { 169.0, 546.5, 1e-05 } },
        { "empty", Array.Empty<object>() },
        { "nested", new PyJson.Obj { { "ok", true }, { "none", null } } },
    };

    [Fact]
    public void OneLineUsesPythonSeparatorsAndFloatRepr() =>
        Assert.Equal("{\"name\": \"tomo_00e047\", \"zyx\": [169.0, 546.5, 1e-05], \"empty\": [], \"nested\": {\"ok\": true, \"none\": null}}",
            PyJson.Serialize(Sample()));

    [Fact]
    public void IndentPutsOneItemPerLineLikeJsonDumpIndent() =>
        Assert.Equal("{\n  \"name\": \"tomo_00e047\",\n  \"zyx\": [\n    169.0,\n    546.5,\n    1e-05\n  ],\n  \"empty\": [],\n" +
                     "  \"nested\": {\n    \"ok\": true,\n    \"none\": null\n  }\n}", PyJson.Serialize(Sample(), indent: 2));

    [Fact]
    public void StringsAreEscapedAsEnsureAscii() =>
        Assert.Equal("\"a\\\"b\\\\\\n\\u007f\\u00e9\\ud83d\\ude00\"", PyJson.Serialize("a\"b\\\n\u007f\u00e9\U0001F600"));

    [Fact]
    public void NonFiniteNumbersAreWrittenAsPythonDoesOrRefused()
    {
        Assert.Equal("[NaN, Infinity, -Infinity]", PyJson.Serialize(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity }));
        Assert.Throws<MotorPickException>(() => PyJson.Serialize(new[] { double.NaN }, allowNonFinite: false));
    }

    [Fact]
    public void RawNumbersFromAnExistingFileAreKeptAsWritten() =>
        Assert.Equal("{\"a\": 1.50, \"b\": [2e3]}", PyJson.Serialize(PyJson.FromNode(System.Text.Json.Nodes.JsonNode.Parse("{\"a\": 1.50, \"b\": [2e3]}"))));
}
