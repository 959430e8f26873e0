using MotorPick.Fuzz;
using SharpFuzz;

// Usage:
//   MotorPick.Fuzz <harness>                  run under afl-fuzz (reads one input from stdin when run by hand)
//   MotorPick.Fuzz replay <harness> <file>... run inputs directly and say what each did (crash triage, no AFL needed)
//   MotorPick.Fuzz seeds <harness> <dir> <fixtures>  write small valid inputs (generated + from tests/fixtures) into <dir>
//   MotorPick.Fuzz list                       the harness names
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: MotorPick.Fuzz <harness> | replay <harness> <file>... | seeds <harness> <dir> <fixtures> | list");
    Console.Error.WriteLine("harnesses: " + string.Join(", ", Harnesses.Names));
    return 2;
}
if (args[0] == "list")
{
    foreach (var n in Harnesses.Names) Console.WriteLine(n);
    return 0;
}
if (args[0] == "seeds" && args.Length == 4)
{
    Harnesses.Get(args[1]).WriteSeeds(args[2], args[3]);
    return 0;
}
if (args[0] == "replay" && args.Length >= 3)
    return Replay.Run(Harnesses.Get(args[1]), args[2..]);

var harness = Harnesses.Get(args[0]);
using var runner = new GuardedRunner(harness);
Fuzzer.OutOfProcess.Run(stream =>
{
    using var ms = new MemoryStream();
    stream.CopyTo(ms);
    runner.Run(ms.ToArray());
});
return 0;
