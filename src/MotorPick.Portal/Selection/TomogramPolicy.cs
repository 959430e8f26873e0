using MotorPick.Portal.Api;

namespace MotorPick.Portal.Selection;

/// <summary>How one tomogram is chosen for a run that has several.</summary>
public enum TomogramPolicy
{
    /// <summary>
    /// MotorPick's policy (interfaces.md 1.6): among the tomograms with the same voxel spacing and alignment as the
    /// run's motor point file (all of them when none match or the run has no point file), prefer
    /// <c>processing == raw</c>, then the curator's visualisation default, then portal standard, then the lowest id.
    /// </summary>
    Preferred,

    /// <summary>The reference's <c>run.tomograms[0]</c>: the tomogram with the lowest id.</summary>
    First,
}

/// <summary>Applies a <see cref="TomogramPolicy"/> to one run.</summary>
public static class TomogramChooser
{
    /// <summary>The chosen tomogram and the point file that goes with it (null when the run has none).</summary>
    public static (PortalTomogram Tomogram, PortalPointFile? Points) Choose(
        IReadOnlyList<PortalTomogram> tomograms, IReadOnlyList<PortalPointFile> pointFiles, TomogramPolicy policy)
    {
        if (tomograms.Count == 0) throw new ArgumentException("the run has no tomogram", nameof(tomograms));
        var byId = tomograms.OrderBy(t => t.Id).ToList();
        PortalTomogram chosen;
        if (policy == TomogramPolicy.First)
        {
            chosen = byId[0];
        }
        else
        {
            var matching = byId.Where(t => pointFiles.Any(p => SameGrid(t, p))).ToList();
            var candidates = matching.Count > 0 ? matching : byId;
            chosen = candidates
                .OrderByDescending(t => t.Processing == "raw")
                .ThenByDescending(t => t.IsVisualizationDefault == true)
                .ThenByDescending(t => t.IsPortalStandard == true)
                .ThenBy(t => t.Id)
                .First();
        }
        return (chosen, PointsFor(chosen, pointFiles));
    }

    /// <summary>The point file on the tomogram's grid: same voxel-spacing entity and alignment, else the same spacing
    /// value, else the lowest id (the points are then rescaled by spacing).</summary>
    public static PortalPointFile? PointsFor(PortalTomogram tomogram, IReadOnlyList<PortalPointFile> pointFiles)
    {
        var ordered = pointFiles.OrderBy(p => p.Id).ToList();
        return ordered.FirstOrDefault(p => SameGrid(tomogram, p))
            ?? ordered.FirstOrDefault(p => Math.Abs(p.VoxelSpacing - tomogram.VoxelSpacing) < 1e-3)
            ?? ordered.FirstOrDefault();
    }

    private static bool SameGrid(PortalTomogram t, PortalPointFile p) =>
        t.TomogramVoxelSpacingId == p.TomogramVoxelSpacingId && t.AlignmentId == p.AlignmentId;
}
