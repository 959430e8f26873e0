using MotorPick.Core;
using MotorPick.Portal.StandIn;
using MotorPick.Rounds.Demo;

namespace MotorPick.Cli.Commands;

/// <summary>
/// The demo's external round talks to a local stand-in of the CryoET Data Portal, in this process: synthetic runs
/// (demo-like tomograms at 16 Å, each with at least one motor as the portal's motor runs, every other one stored as
/// int8-range integers as most portal runs are) are written
/// once into the demo's folder and served on 127.0.0.1 while 'portal fetch' runs.
/// </summary>
public sealed class DemoStandInPortal : IDemoPortal
{
    private const string Marker = "stand-in-runs.txt";
    private readonly LocalPortalServer _server;

    private DemoStandInPortal(LocalPortalServer server) => _server = server;

    public string Endpoint => _server.Endpoint;

    public static DemoStandInPortal Start(string dir, DemoOptions o)
    {
        var marker = Path.Combine(dir, Marker);
        if (!File.Exists(marker))
        {
            var names = SyntheticPortalData.Write(dir, new SyntheticPortalOptions
            {
                Count = o.ExternalRuns, Shape = [96, 256, 256], Spacing = 16.0, Seed = o.Seed + 2000, IncludeWrapped = false,
                MotorCountWeights = [0, 0.7, 0.2, 0.1],
            });
            AtomicFile.WriteAllText(marker, string.Join('\n', names) + "\n");
        }
        return new DemoStandInPortal(LocalPortalServer.StartAsync(dir).GetAwaiter().GetResult());
    }

    public void Dispose() => _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
