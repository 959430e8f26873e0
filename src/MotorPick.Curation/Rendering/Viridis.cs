namespace MotorPick.Curation.Rendering;

/// <summary>
/// The viridis colour map (as matplotlib's, which the reference used through cv2), from the well-known degree-6
/// polynomial fit of its 256 entries (max error about 1/255).
/// </summary>
public static class Viridis
{
    private static readonly Rgb[] Table = Enumerable.Range(0, 256).Select(i => Eval(i / 255.0)).ToArray();

    public static Rgb Map(double t) => Table[(int)Math.Clamp(Math.Round(t * 255), 0, 255)];

    private static Rgb Eval(double t)
    {
        double[] c0 = [0.2777273272234177, 0.005407344544966578, 0.3340998053353061];
        double[] c1 = [0.1050930431085774, 1.404613529898575, 1.384590162594685];
        double[] c2 = [-0.3308618287255563, 0.214847559468213, 0.09509516302823659];
        double[] c3 = [-4.634230498983486, -5.799100973351585, -19.33244095627987];
        double[] c4 = [6.228269936347081, 14.17993336680509, 56.69055260068105];
        double[] c5 = [4.776384997670288, -13.74514537774601, -65.35303263337234];
        double[] c6 = [-5.435455855934631, 4.645852612178535, 26.3124352495832];
        byte Channel(int k) => (byte)Math.Clamp(Math.Round(255 * (c0[k] + t * (c1[k] + t * (c2[k] + t * (c3[k] + t * (c4[k] + t * (c5[k] + t * c6[k]))))))), 0, 255);
        return new Rgb(Channel(0), Channel(1), Channel(2));
    }
}
