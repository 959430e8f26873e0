namespace MotorPick.Fuzz;

/// <summary>One parser family under fuzz.</summary>
internal interface IHarness
{
    /// <summary>The name given on the command line (mrc, zarr, ...).</summary>
    string Name { get; }

    /// <summary>Feeds <paramref name="input"/> to the parser, writing files under <paramref name="dir"/> (empty on entry) where the API takes a path.</summary>
    void Run(byte[] input, string dir);

    /// <summary>
    /// Managed bytes the format may legitimately allocate beyond <see cref="GuardedRunner.Bound"/>'s 64 MiB + 16 x input
    /// (compressed formats decode to more than they store); 0 for uncompressed formats.
    /// </summary>
    long AllocationAllowance(byte[] input) => 0;

    /// <summary>Writes small valid inputs (generated, plus fixtures from <paramref name="fixtures"/> = tests/fixtures) into <paramref name="corpus"/>.</summary>
    void WriteSeeds(string corpus, string fixtures);
}

/// <summary>The harness registry.</summary>
internal static class Harnesses
{
    private static readonly IHarness[] All =
    [
        new MrcHarness(), new ZarrHarness(), new NpyHarness(), new JpegHarness(), new CsvHarness(),
        new SplitHarness(), new NdjsonHarness(), new StarHarness(), new CvatHarness(),
    ];

    public static IEnumerable<string> Names => All.Select(h => h.Name);

    public static IHarness Get(string name) =>
        All.FirstOrDefault(h => h.Name == name) ?? throw new ArgumentException($"unknown harness '{name}'; known: {string.Join(", ", Names)}");
}

/// <summary>Helpers shared by the seed writers.</summary>
internal static class Seeds
{
    /// <summary>Copies fixture files matching <paramref name="pattern"/> (recursively) into the corpus.</summary>
    public static void Copy(string fixtures, string pattern, string corpus, int maxBytes = 64 * 1024)
    {
        if (!Directory.Exists(fixtures)) return;
        foreach (var f in Directory.EnumerateFiles(fixtures, pattern, SearchOption.AllDirectories).Order())
        {
            var bytes = File.ReadAllBytes(f);
            if (bytes.Length > maxBytes) continue;
            Write(corpus, "fixture_" + Path.GetRelativePath(fixtures, f).Replace('/', '_'), bytes);
        }
    }

    /// <summary>The first <paramref name="lines"/> lines of each matching text fixture (AFL works best on small seeds).</summary>
    public static void Head(string fixtures, string pattern, string corpus, int lines)
    {
        if (!Directory.Exists(fixtures)) return;
        foreach (var f in Directory.EnumerateFiles(fixtures, pattern, SearchOption.AllDirectories).Order())
        {
            var head = string.Join("\n", File.ReadLines(f).Take(lines)) + "\n";
            Write(corpus, "head_" + Path.GetRelativePath(fixtures, f).Replace('/', '_'), System.Text.Encoding.UTF8.GetBytes(head));
        }
    }

    public static void Write(string corpus, string name, byte[] bytes)
    {
        Directory.CreateDirectory(corpus);
        File.WriteAllBytes(Path.Combine(corpus, name), bytes);
    }

    public static void Text(string corpus, string name, string text) => Write(corpus, name, System.Text.Encoding.UTF8.GetBytes(text));
}
