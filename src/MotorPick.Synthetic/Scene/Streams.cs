namespace MotorPick.Synthetic.Scene;

/// <summary>Random stream numbers: each part of a tomogram draws from its own stream so that changing one part
/// (say the decoys) leaves the others as they were.</summary>
internal static class Streams
{
    public const ulong Acquisition = 1, Ice = 2, Cells = 3, Motors = 4, Decoys = 6, Imaging = 7, Ribosomes = 8,
        Labels = 9, Noise = 10, Texture = 11, WhiteNoise = 12, Randomisation = 13, MotorShapes = 14, Arrays = 15;
}
