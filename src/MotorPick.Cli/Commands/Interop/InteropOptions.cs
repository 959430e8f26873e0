using System.CommandLine;
using MotorPick.Interop;
using MotorPick.Interop.Conventions;
using MotorPick.Labels.Tables;

namespace MotorPick.Cli.Commands.Interop;

/// <summary>Options shared by <c>labels export</c> and <c>labels import</c>.</summary>
internal static class InteropOptions
{
    public static Option<string> Format(string verb) => new Option<string>("--format")
    {
        Description = $"Format to {verb}: copick, relion5 (centred Å), relion4 (RELION 3/4 pixels), ndjson (CryoET Data Portal points), napari (points CSV).",
        Required = true,
    }.AcceptOnlyFromAmong([.. InteropFormats.Names]);

    public static Option<double?> VoxelSize() => new("--voxel-size")
    {
        Description = "Voxel spacing in Å of the tomograms the coordinates refer to (with --shape; for every tomogram).",
    };

    public static Option<string?> Shape() => new("--shape")
    {
        Description = "Tomogram array shape as ZxYxX voxels, e.g. 300x959x928 (with --voxel-size; for every tomogram).",
    };

    public static Option<string?> User() => new("--user") { Description = "copick user id (no underscores)." };

    public static Option<string?> Session() => new("--session") { Description = "copick session id (no underscores)." };

    public static Option<string> Object() => new("--object")
    {
        Description = "copick pickable object / portal annotation object name.",
        DefaultValueFactory = _ => CopickNames.MotorObject,
    };

    public static Option<string?> Centre() => new Option<string?>("--centre-convention")
    {
        Description = "RELION 5 tomogram centre: relion = rlnTomoSize/2 as RELION's C++ programs (default), relion-napari = size/2-1 as RELION 5's napari picker writes, voxel-centre = (n-1)/2.",
    }.AcceptOnlyFromAmong("relion", "relion-napari", "voxel-centre");

    public static Option<string?> OriginalGrid() => new("--original-grid")
    {
        Description = "Folder of the reference's meta/<tomo_id>.json files: re-spaced (external) tomograms are written in / read from their original portal grid.",
    };

    public static TomogramGeometry? Fixed(ParseResult p, Option<double?> voxelSize, Option<string?> shape)
    {
        var vs = p.GetValue(voxelSize);
        var sh = p.GetValue(shape);
        if (vs is null && sh is null) return null;
        if (vs is null || sh is null) throw new MotorPick.Core.MotorPickException("--voxel-size and --shape go together", field: vs is null ? "--voxel-size" : "--shape");
        if (!(vs > 0)) throw new MotorPick.Core.MotorPickException($"--voxel-size must be positive (Å), found {vs}", field: "--voxel-size");
        return new TomogramGeometry(PickSetFiles.ParseShape(sh), vs.Value);
    }

    public static CentreConvention? ParseCentre(string? name) => name is null ? null : CentreConventions.Parse(name);

    public static TomoShape? ParseShape(string? text) => text is null ? null : PickSetFiles.ParseShape(text);
}
