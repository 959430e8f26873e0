namespace MotorPick.Synthetic.Output;

/// <summary>Which files a synthetic data set gets. JPEG slices (the competition layout) are always written.</summary>
[Flags]
public enum SynthFormats
{
    Jpeg = 1,
    /// <summary>Float32 MRC like the portal's (zero mean, unit variance, dense = negative).</summary>
    Mrc = 2,
    /// <summary>OME-Zarr (zarr v2, blosc-lz4, 3 levels) like the portal's.</summary>
    Zarr = 4,
    All = Jpeg | Mrc | Zarr,
}

/// <summary>Where each file of a synthetic data set goes.</summary>
public static class SynthLayout
{
    public const string TrainLabels = "train_labels.csv", Truth = "truth.csv", Manifest = "synth.json";

    public static string SliceDirectory(string root, string tomoId) => Path.Combine(root, "train", tomoId);

    /// <summary>Per-tomogram record, written last: its presence marks the tomogram complete (for resuming).</summary>
    public static string Record(string root, string tomoId) => Path.Combine(root, "synth", tomoId + ".json");

    public static string OptionsRecord(string root) => Path.Combine(root, "synth", "options.json");

    public static string PortalDirectory(string root, string tomoId) => Path.Combine(root, "portal", tomoId);

    public static string Mrc(string root, string tomoId) => Path.Combine(PortalDirectory(root, tomoId), tomoId + ".mrc");

    public static string Zarr(string root, string tomoId) => Path.Combine(PortalDirectory(root, tomoId), tomoId + ".zarr");

    /// <summary>Motor points as the portal's ndjson annotation files (voxel coordinates).</summary>
    public static string Points(string root, string tomoId) => Path.Combine(PortalDirectory(root, tomoId), tomoId + "_flagellar_motor.ndjson");
}
