using System.Globalization;

namespace MotorPick.Rounds.Invocations;

/// <summary>
/// One <c>motorpick</c> command line as a typed value. Rounds and the demo build their steps from these instead of
/// string literals, so each verb's option names are spelt once, here, and a test in tests/MotorPick.Cli.Tests parses
/// every step of every shipped recipe and of the demo with the real command tree (this library cannot see the CLI).
/// </summary>
public interface IInvocation
{
    /// <summary>The command path under <c>motorpick</c>, e.g. <c>["review", "mine"]</c>.</summary>
    IReadOnlyList<string> Verb { get; }

    /// <summary>The arguments after <c>motorpick</c>: the verb, then the options.</summary>
    string[] ToArgs();
}

/// <summary>Builds an argument list: numbers in the invariant culture (doubles round-trip), absent values left out.</summary>
internal sealed class ArgList(IReadOnlyList<string> verb)
{
    private readonly List<string> _args = [.. verb];

    public ArgList Add(string option, string value)
    {
        _args.Add(option);
        _args.Add(value);
        return this;
    }

    public ArgList Opt(string option, string? value) => value is null ? this : Add(option, value);

    public ArgList Opt(string option, int? value) => value is { } v ? Add(option, Inv(v)) : this;

    public ArgList Opt(string option, ulong? value) => value is { } v ? Add(option, v.ToString(CultureInfo.InvariantCulture)) : this;

    public ArgList Opt(string option, double? value) => value is { } v ? Add(option, Inv(v)) : this;

    /// <summary>Comma-joined values (<c>--patch 32,96,96</c>, <c>--ids a,b</c>); left out when null.</summary>
    public ArgList Joined(string option, IEnumerable<string>? values) => values is null ? this : Add(option, string.Join(',', values));

    public ArgList Joined(string option, IEnumerable<int>? values) => Joined(option, values?.Select(Inv));

    public ArgList Joined(string option, IEnumerable<double>? values) => Joined(option, values?.Select(Inv));

    /// <summary>The option once per value (<c>--model a --model b</c>).</summary>
    public ArgList Each(string option, IEnumerable<string> values)
    {
        foreach (var v in values) Add(option, v);
        return this;
    }

    public ArgList Flag(string option, bool on)
    {
        if (on) _args.Add(option);
        return this;
    }

    /// <summary>Positional arguments.</summary>
    public ArgList Values(IEnumerable<string> values)
    {
        _args.AddRange(values);
        return this;
    }

    public string[] Build() => [.. _args];

    public static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
