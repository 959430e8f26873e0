using MotorPick.Formats.Jpeg;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Jpeg;

/// <summary>The decoders a test can run with here: NetVips always, libjpeg-turbo where it is installed or required.</summary>
internal static class JpegCodecCases
{
    public const string NetVips = "netvips";
    public const string Turbo = "libjpeg-turbo";

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string> { NetVips };
        if (TurboJpegCodec.TryCreate() is not null || SystemTests.Required) names.Add(Turbo);
        return names;
    }

    public static IJpegCodec Get(string name) => name switch
    {
        NetVips => NetVipsJpegCodec.Instance,
        Turbo => SystemTests.Require(TurboJpegCodec.TryCreate(), "libturbojpeg", TurboJpegFactAttribute.Install),
        _ => throw new ArgumentException(name),
    };
}

/// <summary>A fact that needs the system's libturbojpeg: skipped without it, unless system tests are required.</summary>
public sealed class TurboJpegFactAttribute : FactAttribute
{
    public const string Install = "apt-get install -y libturbojpeg0";

    public TurboJpegFactAttribute()
    {
        Skip = SystemTests.SkipReason(TurboJpegCodec.TryCreate() is not null, "libturbojpeg", Install);
    }
}
