using MathNet.Numerics;
using MotorPick.Synthetic.Randomisation;
using MotorPick.Synthetic.Randomness;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Imaging;

/// <summary>
/// The imaging model of randomised tomograms, in Fourier space: the density's spectrum times the contrast transfer
/// function (300 kV, Cs 2.7 mm, 7 % amplitude contrast, drawn defocus; phase-flipped or not), a Gaussian envelope
/// (anisotropic along z) and the missing wedge of the drawn tilt range (tilt axis y); plus noise with a 1/|k|^a power
/// spectrum under the same wedge, scaled so that signal variance / noise variance is the drawn SNR. One forward and
/// one inverse transform; the CTF is that of the untilted view (the defocus gradient across tilts is not modelled).
/// </summary>
public static class FourierImaging
{
    private const double Wavelength = 0.01969; // A, 300 kV electrons
    private const double SphericalAberration = 2.7e7; // A
    private const double AmplitudeContrast = 0.07;

    /// <summary>Applies the imaging model to the density in place; returns the signal standard deviation.</summary>
    public static double Apply(TomogramSpec spec, float[] v, int threads)
    {
        var draw = spec.Randomised ?? throw new ArgumentException("spec is not randomised", nameof(spec));
        int nz = spec.Z, ny = spec.Y, nx = spec.X;
        var n = (long)nz * ny * nx;
        var c = new Complex32[n];
        for (long i = 0; i < n; i++) c[i] = new Complex32(v[i], 0);
        Fft3.Forward(c, nz, ny, nx, threads);

        var t = new Transfer(spec, draw);
        var key = CounterRng.Hash(spec.Seed, (ulong)spec.Index, Streams.Noise);
        var options = Filters.Options(threads);
        var signalPower = new double[nz];
        var noisePower = new double[nz];
        // First pass: filter the signal, sum its power and the noise filter's power per slice.
        Parallel.For(0, nz, options, z =>
        {
            double sp = 0, np = 0;
            for (var y = 0; y < ny; y++)
                for (var x = 0; x < nx; x++)
                {
                    var i = ((long)z * ny + y) * nx + x;
                    var (signal, noise) = t.At(z, y, x);
                    c[i] *= (float)signal;
                    if (z != 0 || y != 0 || x != 0) sp += c[i].MagnitudeSquared;
                    np += noise * noise;
                }
            signalPower[z] = sp;
            noisePower[z] = np;
        });
        var nn = (double)n * n;
        var signalVar = signalPower.Sum() / nn;
        var noiseVar = signalVar / spec.Imaging.Snr;
        // Complex noise of unit mean power per bin: the real part of its inverse has variance a^2 sum|W|^2 / (2 N^2).
        var a = noisePower.Sum() > 0 ? Math.Sqrt(2 * noiseVar * nn / noisePower.Sum()) : 0;
        Parallel.For(0, nz, options, z =>
        {
            for (var y = 0; y < ny; y++)
                for (var x = 0; x < nx; x++)
                {
                    var i = ((long)z * ny + y) * nx + x;
                    var w = t.At(z, y, x).Noise * a * Math.Sqrt(0.5);
                    if (w == 0) continue;
                    var h = CounterRng.Mix(key + (ulong)i * 0x9E3779B97F4A7C15UL);
                    var g = new Complex32(ImagingModel.HashNormal(h), ImagingModel.HashNormal(CounterRng.Mix(h ^ 0xD1B54A32D192ED03UL)));
                    c[i] += g * (float)w;
                }
        });
        Fft3.Inverse(c, nz, ny, nx, threads);
        var scale = (float)(1.0 / n);
        for (long i = 0; i < n; i++) v[i] = c[i].Real * scale;
        var signalStd = Math.Sqrt(signalVar);
        ImagingModel.Finish(spec, v, (float)signalStd, (float)(0.05 * Math.Sqrt(noiseVar)), threads);
        return signalStd;
    }

    /// <summary>The signal and noise filters at a frequency bin.</summary>
    private sealed class Transfer
    {
        private readonly double[] _fz, _fy, _fx;
        private readonly double _defocus, _sigma2, _aniso2, _tanTilt, _exponent, _kMin;
        private readonly bool _flipped;

        public Transfer(TomogramSpec spec, RandomisedDraw draw)
        {
            _fz = Frequencies(spec.Z, spec.SpacingA);
            _fy = Frequencies(spec.Y, spec.SpacingA);
            _fx = Frequencies(spec.X, spec.SpacingA);
            _defocus = draw[RandomisedParameters.DefocusUm] * 1e4;
            var sigma = spec.Imaging.PsfSigmaA;
            _sigma2 = 2 * Math.PI * Math.PI * sigma * sigma;
            var aniso = draw[RandomisedParameters.ZAnisotropy];
            _aniso2 = aniso * aniso;
            _tanTilt = Math.Tan(spec.Imaging.TiltRangeDeg * Math.PI / 180);
            _exponent = draw[RandomisedParameters.NoiseExponent];
            _kMin = 1.0 / (Math.Max(spec.Y, spec.X) * spec.SpacingA);
            _flipped = draw.PhaseFlipped;
        }

        /// <summary>Frequency of each bin in cycles per Angstrom (FFT order: 0, 1, ..., then negative).</summary>
        private static double[] Frequencies(int n, double spacing) =>
            Enumerable.Range(0, n).Select(i => (i <= n / 2 ? i : i - n) / (n * spacing)).ToArray();

        public (double Signal, double Noise) At(int z, int y, int x)
        {
            double fz = _fz[z], fy = _fy[y], fx = _fx[x];
            if (z == 0 && y == 0 && x == 0) return (1, 0);
            // The wedge: a tilt series about y samples the (kz, kx) plane within the tilt range of the kx axis.
            if (Math.Abs(fz) > Math.Abs(fx) * _tanTilt) return (0, 0);
            var kxy2 = fy * fy + fx * fx;
            var k2 = kxy2 + fz * fz;
            var chi = Math.PI * Wavelength * _defocus * k2 - 0.5 * Math.PI * SphericalAberration * Math.Pow(Wavelength, 3) * k2 * k2;
            var ctf = Math.Sqrt(1 - AmplitudeContrast * AmplitudeContrast) * Math.Sin(chi) + AmplitudeContrast * Math.Cos(chi);
            if (_flipped) ctf = Math.Abs(ctf);
            var envelope = Math.Exp(-_sigma2 * (kxy2 + _aniso2 * fz * fz));
            var k = Math.Max(Math.Sqrt(k2), _kMin);
            var noise = Math.Pow(k / _kMin, -_exponent / 2) * Math.Sqrt(envelope);
            return (ctf * envelope, noise);
        }
    }
}
