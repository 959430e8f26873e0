using MotorPick.Core;
using MotorPick.Formats.Common;
using MotorPick.Formats.Npy;

namespace MotorPick.Model.Data;

/// <summary>The few volume reads and writes the training data path needs, delegated to MotorPick.Formats / Volumes.</summary>
internal static class VolumeIo
{
    public static Grid3<byte> ReadNpyUInt8(string path)
    {
        using var reader = NpyReader.Open(path);
        if (reader.VoxelType != VoxelType.UInt8)
            throw new MotorPickException($"expected a uint8 volume, found {reader.VoxelType}", path, field: "descr");
        var s = reader.Shape;
        var grid = new Grid3<byte>(s.Z, s.Y, s.X);
        reader.ReadSlab<byte>(0, s.Z, grid.Data);
        return grid;
    }

    public static void WriteNpyUInt8(string path, Grid3<byte> grid) =>
        NpyWriter.Write<byte>(path, grid.Data, new VolumeShape(grid.D, grid.H, grid.W));

    public static Grid3<byte> ReadJpegStack(string directory) =>
        throw new MotorPickException("reading JPEG slice stacks is not wired in yet (waiting for MotorPick.Formats/Jpeg); convert the tomogram to <id>.npy", directory);

    public static Grid3<byte> Respace(Grid3<byte> volume, double originalSpacing, double targetSpacing) =>
        throw new MotorPickException($"re-spacing from {originalSpacing} Å to {targetSpacing} Å is not wired in yet (waiting for MotorPick.Volumes); use volumes at the target spacing");
}
