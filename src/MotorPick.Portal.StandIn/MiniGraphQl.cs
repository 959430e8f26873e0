using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GraphQLParser;
using GraphQLParser.AST;
using MotorPick.Core;

namespace MotorPick.Portal.StandIn;

/// <summary>
/// A small GraphQL executor over an in-memory catalogue, answering the portal's query shapes: root list fields with
/// <c>where</c> (nested relation filters; <c>_eq _neq _in _nin _gt _gte _lt _lte _is_null _like _ilike</c>),
/// <c>orderBy</c> on scalar fields, <c>limitOffset</c>, and <c>&lt;root&gt;Aggregate { aggregate { count } }</c>; selections
/// with aliases and nested many-to-one / one-to-many fields; variables. Unknown fields give GraphQL errors, as the real
/// server would. Floats are written as Python writes them (16.0).
/// </summary>
public sealed class MiniGraphQl(IReadOnlyDictionary<string, IReadOnlyList<Entity>> roots)
{
    /// <summary>Answers a request body <c>{"query", "variables", "operationName"}</c> with a JSON document.</summary>
    public string Execute(string requestBody)
    {
        try
        {
            using var request = JsonDocument.Parse(requestBody);
            var query = request.RootElement.GetProperty("query").GetString() ?? "";
            var variables = request.RootElement.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object
                ? v.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            var doc = Parser.Parse(query);
            var op = doc.Definitions.OfType<GraphQLOperationDefinition>().FirstOrDefault()
                ?? throw new GraphQlError("the document has no operation");
            var sb = new StringBuilder("{\"data\": {");
            var first = true;
            foreach (var field in op.SelectionSet.Selections.OfType<GraphQLField>())
            {
                if (!first) sb.Append(", ");
                first = false;
                Key(sb, field);
                RootField(sb, field, variables);
            }
            return sb.Append("}}").ToString();
        }
        catch (Exception ex) when (ex is GraphQlError or GraphQLParser.Exceptions.GraphQLParserException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "{\"errors\": [{\"message\": " + JsonSerializer.Serialize(ex.Message) + "}]}";
        }
    }

    private void RootField(StringBuilder sb, GraphQLField field, Dictionary<string, object?> variables)
    {
        var name = field.Name.StringValue;
        var args = Arguments(field, variables);
        var aggregate = name.EndsWith("Aggregate", StringComparison.Ordinal);
        var root = aggregate ? name[..^"Aggregate".Length] : name;
        if (!roots.TryGetValue(root, out var rows)) throw new GraphQlError($"Cannot query field '{name}' on type 'Query'.");
        IEnumerable<Entity> result = rows;
        if (args.TryGetValue("where", out var where) && where is Dictionary<string, object?> w) result = result.Where(e => Matches(e, w));
        if (aggregate)
        {
            var count = result.Count();
            var agg = field.SelectionSet?.Selections.OfType<GraphQLField>().FirstOrDefault(f => f.Name.StringValue == "aggregate")
                ?? throw new GraphQlError($"'{name}' needs a selection 'aggregate {{ count }}'");
            sb.Append('{');
            Key(sb, agg);
            sb.Append("[{");
            var firstAgg = true;
            foreach (var f in agg.SelectionSet!.Selections.OfType<GraphQLField>())
            {
                if (f.Name.StringValue != "count") throw new GraphQlError($"the stand-in only counts (asked for '{f.Name.StringValue}')");
                if (!firstAgg) sb.Append(", ");
                firstAgg = false;
                Key(sb, f);
                sb.Append(count.ToString(CultureInfo.InvariantCulture));
            }
            sb.Append("}]}");
            return;
        }
        var list = result.ToList();
        if (args.TryGetValue("orderBy", out var orderBy) && orderBy is List<object?> clauses)
        {
            IOrderedEnumerable<Entity>? ordered = null;
            foreach (var clause in clauses.OfType<Dictionary<string, object?>>())
                foreach (var (key, dir) in clause)
                {
                    var desc = dir is string s && s.StartsWith("desc", StringComparison.Ordinal);
                    Func<Entity, object?> sel = e => e[key];
                    ordered = ordered is null
                        ? desc ? list.OrderByDescending(sel, ValueComparer.Instance) : list.OrderBy(sel, ValueComparer.Instance)
                        : desc ? ordered.ThenByDescending(sel, ValueComparer.Instance) : ordered.ThenBy(sel, ValueComparer.Instance);
                }
            if (ordered is not null) list = ordered.ToList();
        }
        if (args.TryGetValue("limitOffset", out var lo) && lo is Dictionary<string, object?> page)
        {
            var offset = page.TryGetValue("offset", out var o) && o is long off ? (int)off : 0;
            if (page.TryGetValue("limit", out var l) && l is long limit) list = list.Skip(offset).Take((int)limit).ToList();
            else if (offset > 0) throw new GraphQlError("Cannot use offset without limit");
        }
        WriteList(sb, list, field, variables);
    }

    private void WriteList(StringBuilder sb, IReadOnlyList<Entity> list, GraphQLField field, Dictionary<string, object?> variables)
    {
        sb.Append('[');
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            WriteEntity(sb, list[i], field.SelectionSet, variables);
        }
        sb.Append(']');
    }

    private void WriteEntity(StringBuilder sb, Entity e, GraphQLSelectionSet? selection, Dictionary<string, object?> variables)
    {
        if (selection is null) throw new GraphQlError($"a field of type '{e.Type}' needs a selection");
        sb.Append('{');
        var first = true;
        foreach (var f in selection.Selections.OfType<GraphQLField>())
        {
            if (!first) sb.Append(", ");
            first = false;
            Key(sb, f);
            var name = f.Name.StringValue;
            if (name == "__typename") { Value(sb, e.Type); continue; }
            if (!e.Fields.TryGetValue(name, out var v)) throw new GraphQlError($"Cannot query field '{name}' on type '{e.Type}'.");
            switch (v)
            {
                case Entity child: WriteEntity(sb, child, f.SelectionSet, variables); break;
                case List<Entity> children: WriteList(sb, children, f, variables); break;
                default:
                    if (f.SelectionSet is not null) throw new GraphQlError($"field '{name}' of '{e.Type}' is a scalar and takes no selection");
                    Value(sb, v);
                    break;
            }
        }
        sb.Append('}');
    }

    private static bool Matches(Entity e, Dictionary<string, object?> where)
    {
        foreach (var (field, cond) in where)
        {
            if (cond is not Dictionary<string, object?> c) throw new GraphQlError($"where.{field} must be an object");
            if (!e.Fields.TryGetValue(field, out var value)) throw new GraphQlError($"'{field}' is not a filter of '{e.Type}'");
            var ok = value switch
            {
                Entity related => Matches(related, c),
                List<Entity> many => many.Any(r => Matches(r, c)),
                _ => Compare(value, c),
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool Compare(object? value, Dictionary<string, object?> ops)
    {
        foreach (var (op, arg) in ops)
        {
            var cmp = ValueComparer.Instance;
            var ok = op switch
            {
                "_eq" => value is not null && cmp.Compare(value, arg) == 0,
                "_neq" => value is null || cmp.Compare(value, arg) != 0,
                "_in" => arg is List<object?> inList && value is not null && inList.Any(a => cmp.Compare(value, a) == 0),
                "_nin" => arg is List<object?> ninList && (value is null || !ninList.Any(a => cmp.Compare(value, a) == 0)),
                "_gt" => value is not null && cmp.Compare(value, arg) > 0,
                "_gte" => value is not null && cmp.Compare(value, arg) >= 0,
                "_lt" => value is not null && cmp.Compare(value, arg) < 0,
                "_lte" => value is not null && cmp.Compare(value, arg) <= 0,
                "_is_null" => (value is null) == (arg is true),
                "_like" => value is string s && Like(s, (string)arg!, false),
                "_ilike" => value is string si && Like(si, (string)arg!, true),
                _ => throw new GraphQlError($"operator '{op}' is not supported by the stand-in"),
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool Like(string s, string pattern, bool ignoreCase) =>
        Regex.IsMatch(s, "^" + Regex.Escape(pattern).Replace("%", ".*").Replace("_", ".") + "$", ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);

    private static Dictionary<string, object?> Arguments(GraphQLField field, Dictionary<string, object?> variables)
    {
        var args = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (field.Arguments is null) return args;
        foreach (var a in field.Arguments.Items) args[a.Name.StringValue] = Resolve(a.Value, variables);
        return args;
    }

    private static object? Resolve(GraphQLValue value, Dictionary<string, object?> variables) => value switch
    {
        GraphQLVariable v => variables.TryGetValue(v.Name.StringValue, out var x) ? x : null,
        GraphQLIntValue i => long.Parse(i.Value.ToString(), CultureInfo.InvariantCulture),
        GraphQLFloatValue f => double.Parse(f.Value.ToString(), CultureInfo.InvariantCulture),
        GraphQLStringValue s => s.Value.ToString(),
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLNullValue => null,
        GraphQLEnumValue e => e.Name.StringValue,
        GraphQLListValue l => (l.Values ?? []).Select(x => Resolve(x, variables)).ToList(),
        GraphQLObjectValue o => (o.Fields ?? []).ToDictionary(f => f.Name.StringValue, f => Resolve(f.Value, variables), StringComparer.Ordinal),
        _ => throw new GraphQlError($"unsupported value {value.Kind}"),
    };

    private static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        _ => e.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
    };

    private static void Key(StringBuilder sb, GraphQLField f) =>
        sb.Append(JsonSerializer.Serialize(f.Alias?.Name.StringValue ?? f.Name.StringValue)).Append(": ");

    private static void Value(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(PyFormat.Float(d)); break;
            case string s: sb.Append(JsonSerializer.Serialize(s)); break;
            default: throw new GraphQlError($"cannot write {v.GetType().Name}");
        }
    }

    private sealed class GraphQlError(string message) : Exception(message);

    /// <summary>Orders numbers numerically (long vs double), strings ordinally, nulls first.</summary>
    private sealed class ValueComparer : IComparer<object?>
    {
        public static readonly ValueComparer Instance = new();

        public int Compare(object? a, object? b)
        {
            if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
            if (IsNumber(a) && IsNumber(b)) return Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture));
            if (a is bool ba && b is bool bb) return ba.CompareTo(bb);
            return string.CompareOrdinal(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture));
        }

        private static bool IsNumber(object o) => o is long or int or double;
    }
}
