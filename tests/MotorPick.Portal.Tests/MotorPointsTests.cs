using MotorPick.Core;
using MotorPick.Portal.Processing;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

public class MotorPointsTests
{
    [Fact]
    public void Reads_the_peer_fixture_and_portal_point_kinds()
    {
        var points = MotorPoints.Read(Fixtures.Path("peer", "points.ndjson"));
        Assert.NotEmpty(points);
        var parsed = MotorPoints.Parse("{\"type\": \"point\", \"location\": {\"x\": 603.0, \"y\": 546.0, \"z\": 169.0}}\n\n" +
            "{\"type\": \"orientedPoint\", \"location\": {\"x\": 1, \"y\": 2, \"z\": 3}, \"xyz_rotation_matrix\": [[1,0,0],[0,1,0],[0,0,1]]}\n", "p.ndjson");
        Assert.Equal([new PortalPoint(603, 546, 169), new PortalPoint(1, 2, 3)], parsed);
    }

    [Theory]
    [InlineData("{\"type\": \"point\", \"location\": {\"x\": 1, \"y\": 2}}", 1, "location.z")]
    [InlineData("\n{\"location\": {\"x\": 1, \"y\": 2, \"z\": \"3\"}}", 2, "location.z")]
    [InlineData("{\"type\": \"point\"}", 1, "location")]
    [InlineData("{\"type\": \"mesh\", \"location\": {\"x\": 1, \"y\": 2, \"z\": 3}}", 1, "type")]
    [InlineData("{\"type\": \"point\", \"location\": {\"x\": 1, \"y\": 2, \"z\": 3}}\n{\"type\": \"point\", \"loc", 2, null)]
    public void Bad_lines_name_the_file_line_and_field(string text, int line, string? field)
    {
        var ex = Assert.Throws<MotorPickException>(() => MotorPoints.Parse(text, "motor.ndjson"));
        Assert.Equal("motor.ndjson", ex.Path);
        Assert.Equal(line, ex.Line);
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Points_go_to_stored_voxels_with_half_voxel_centres_and_are_bounds_checked()
    {
        var points = new[] { new PortalPoint(X: 50, Y: 20, Z: 10), new PortalPoint(X: 200, Y: 1, Z: 1), new PortalPoint(X: -0.5, Y: 0, Z: 0) };
        var (inside, outside) = MotorPoints.ToStored(points, 10, 10, (32, 96, 96), (20, 60, 60));
        Assert.Equal(2, inside.Count);
        Assert.Equal((10.5 * 20 / 32 - 0.5, 20.5 * 60 / 96 - 0.5, 50.5 * 60 / 96 - 0.5), (inside[0].Z, inside[0].Y, inside[0].X));
        Assert.Equal([points[1]], outside);
        // A file at another spacing is rescaled by spacing first.
        var (scaled, _) = MotorPoints.ToStored([new PortalPoint(10, 10, 10)], 20, 10, (100, 100, 100), (100, 100, 100));
        Assert.Equal(20, scaled[0].Z, 12);
    }
}
