using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Caching;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Volumes.Tests.Sources;

public class ModelInputTests
{
    [Fact]
    public void Uint8_is_read_as_it_is_and_every_other_type_through_the_reference_window()
    {
        Assert.Null(ModelInput.Window(VoxelType.UInt8));
        foreach (var type in new[] { VoxelType.Float32, VoxelType.Int8, VoxelType.Int16, VoxelType.Float16 })
            Assert.Equal(PercentileWindow.Reference, ModelInput.Window(type));
    }

    [Fact]
    public void A_normalised_volume_never_shares_a_cache_entry_with_a_plain_one()
    {
        Assert.Equal(VolumeCacheKey.TorchTrilinearUInt8(QuantisationFix.None), ModelInput.CacheMethod(QuantisationFix.None, VoxelType.UInt8));
        Assert.NotEqual(ModelInput.CacheMethod(QuantisationFix.None, VoxelType.UInt8), ModelInput.CacheMethod(QuantisationFix.None, VoxelType.Float32));
        Assert.Contains("percentile", ModelInput.CacheMethod(QuantisationFix.None, VoxelType.Float32));
    }
}
