using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using MotorPick.Portal.Api;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

/// <summary>Every document the client can send is valid against the portal's schema (tests/fixtures copy of the
/// Python client's schema.graphql), so a renamed field breaks this test rather than a user's ingest.</summary>
public class PortalQueriesTests
{
    private static readonly Lazy<ISchema> Schema = new(() =>
    {
        var sdl = File.ReadAllText(Fixtures.Path("cryoet-data-portal", "schema.graphql"));
        var schema = GraphQL.Types.Schema.For(sdl);
        // The portal's custom scalars: strawberry's relay GlobalID (an opaque string); DateTime is built in.
        schema.RegisterType(new GlobalIdGraphType());
        schema.Initialize();
        return schema;
    });

    public static TheoryData<string> Operations => new(PortalQueries.All.Select(q => q.OperationName));

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Query_is_valid_against_the_portal_schema(string operation)
    {
        var query = PortalQueries.All.Single(q => q.OperationName == operation);
        var variables = new Dictionary<string, object?>
        {
            ["limit"] = 10, ["offset"] = 0, ["names"] = new object[] { "TS_1" }, ["objectId"] = PortalQueries.MotorObjectId,
            ["datasetIds"] = new object[] { 10001 }, ["runIds"] = new object[] { 1, 2 },
        };
        var errors = await Validate(query.Document, variables);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_misspelled_field_fails_validation()
    {
        var bad = PortalQueries.TomogramsOfRuns.Document.Replace("httpsMrcFile", "httpsMrcPath");
        var errors = await Validate(bad, new Dictionary<string, object?> { ["limit"] = 1, ["offset"] = 0, ["runIds"] = new object[] { 1 } });
        Assert.Contains(errors, e => e.Contains("httpsMrcPath"));
    }

    [Fact]
    public void The_tomogram_query_asks_for_every_reference_attribute()
    {
        Assert.Equal(35, PortalAttributes.All.Count);
        foreach (var a in PortalAttributes.All) Assert.Contains(" " + a.GraphQlName + " ", " " + PortalQueries.TomogramFields + " ");
    }

    private static async Task<List<string>> Validate(string document, Dictionary<string, object?> variables)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(variables);
        var result = await new DocumentExecuter().ExecuteAsync(o =>
        {
            o.Schema = Schema.Value;
            o.Query = document;
            o.Variables = new GraphQLSerializer().Deserialize<Inputs>(json);
            o.ThrowOnUnhandledException = false;
        });
        // Only errors of the document itself count: with no resolvers, execution errors are expected.
        return (result.Errors ?? []).Where(e => e is GraphQL.Execution.DocumentError)
            .Select(e => e.Message).ToList();
    }
}

/// <summary>The schema's <c>scalar GlobalID</c>, validated like ID.</summary>
internal sealed class GlobalIdGraphType : IdGraphType
{
    public GlobalIdGraphType() => Name = "GlobalID";
}
