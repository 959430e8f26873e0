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
        var fft = new Fft3(spec.Z, spec.Y, spec.X);
        fft.Forward(v, threads);
        int nz = fft.Pz, ny = fft.Py, nx = fft.Px;
        var n = (long)nz * ny * nx;
        var c = fft.Data;

        var t = new Transfer(spec, draw, fft);
        var key = CounterRng.Hash(spec.Seed, (ulong)spec.Index, Streams.Noise);
        var options = Filters.Options(threads);
        var signalPower = new double[nz];
        var noisePower = new double[nz];
        var noiseFilter = new float[n];
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
                    noiseFilter[i] = (float)noise;
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
        var amplitude = (float)(a * Math.Sqrt(0.5));
        Parallel.For(0, nz, options, z =>
        {
            for (long i = (long)z * ny * nx, end = i + (long)ny * nx; i < end; i++)
            {
                var w = noiseFilter[i] * amplitude;
                if (w == 0) continue;
                var h = CounterRng.Mix(key + (ulong)i * 0x9E3779B97F4A7C15UL);
                c[i] += new Complex32(ImagingModel.HashNormal(h), ImagingModel.HashNormal(CounterRng.Mix(h ^ 0xD1B54A32D192ED03UL))) * w;
            }
        });
        fft.Inverse(v, threads);
        var signalStd = Math.Sqrt(signalVar);
        ImagingModel.Finish(spec, v, (float)signalStd, (float)(0.05 * Math.Sqrt(noiseVar)), threads);
        return signalStd;
    }

    /// <summary>
    /// The signal and noise filters at a frequency bin. The envelope is separable (one table per axis); the CTF and the
    /// 1/|k| noise depend on |k|^2 only and come from a table over |k|^2 with linear interpolation (65536 entries: the CTF
    /// turns by less than 1e-3 rad between entries), except the lowest frequencies of the noise, computed exactly.
    /// </summary>
    private sealed class Transfer
    {
        private const int TableSize = 1 << 16;
        private readonly double[] _fz, _fy, _fx, _ez, _ey, _ex, _ctf, _noise;
        private readonly double _defocus, _tanTilt, _exponent, _kMin, _k2Step, _exactBelow;
        private readonly bool _flipped;

        public Transfer(TomogramSpec spec, RandomisedDraw draw, Fft3 fft)
        {
            _fz = Frequencies(fft.Pz, spec.SpacingA);
            _fy = Frequencies(fft.Py, spec.SpacingA);
            _fx = Frequencies(fft.Px, spec.SpacingA);
            _defocus = draw[RandomisedParameters.DefocusUm] * 1e4;
            var sigma = spec.Imaging.PsfSigmaA;
            var s2 = 2 * Math.PI * Math.PI * sigma * sigma;
            var aniso = draw[RandomisedParameters.ZAnisotropy];
            _ez = _fz.Select(f => Math.Exp(-s2 * aniso * aniso * f * f)).ToArray();
            _ey = _fy.Select(f => Math.Exp(-s2 * f * f)).ToArray();
            _ex = _fx.Select(f => Math.Exp(-s2 * f * f)).ToArray();
            _tanTilt = Math.Tan(spec.Imaging.TiltRangeDeg * Math.PI / 180);
            _exponent = draw[RandomisedParameters.NoiseExponent];
            _kMin = 1.0 / (Math.Max(fft.Py, fft.Px) * spec.SpacingA);
            _flipped = draw.PhaseFlipped;
            var nyquist = 0.5 / spec.SpacingA;
            _k2Step = 3 * nyquist * nyquist / (TableSize - 2);
            _exactBelow = 64 * _k2Step;
            _ctf = new double[TableSize];
            _noise = new double[TableSize];
            for (var i = 0; i < TableSize; i++)
            {
                _ctf[i] = Ctf(i * _k2Step);
                _noise[i] = Noise(i * _k2Step);
            }
        }

        /// <summary>Frequency of each bin in cycles per Angstrom (FFT order: 0, 1, ..., then negative).</summary>
        private static double[] Frequencies(int n, double spacing) =>
            Enumerable.Range(0, n).Select(i => (i <= n / 2 ? i : i - n) / (n * spacing)).ToArray();

        private double Ctf(double k2)
        {
            var chi = Math.PI * Wavelength * _defocus * k2 - 0.5 * Math.PI * SphericalAberration * Math.Pow(Wavelength, 3) * k2 * k2;
            var ctf = Math.Sqrt(1 - AmplitudeContrast * AmplitudeContrast) * Math.Sin(chi) + AmplitudeContrast * Math.Cos(chi);
            return _flipped ? Math.Abs(ctf) : ctf;
        }

        private double Noise(double k2) => Math.Pow(Math.Max(Math.Sqrt(k2), _kMin) / _kMin, -_exponent / 2);

        public (double Signal, double Noise) At(int z, int y, int x)
        {
            double fz = _fz[z], fy = _fy[y], fx = _fx[x];
            if (z == 0 && y == 0 && x == 0) return (1, 0);
            // The wedge: a tilt series about y samples the (kz, kx) plane within the tilt range of the kx axis.
            if (Math.Abs(fz) > Math.Abs(fx) * _tanTilt) return (0, 0);
            var k2 = fy * fy + fx * fx + fz * fz;
            var envelope = _ez[z] * _ey[y] * _ex[x];
            var u = k2 / _k2Step;
            var i = Math.Min((int)u, TableSize - 2);
            var w = u - i;
            var ctf = _ctf[i] + w * (_ctf[i + 1] - _ctf[i]);
            var noise = k2 < _exactBelow ? Noise(k2) : _noise[i] + w * (_noise[i + 1] - _noise[i]);
            return (ctf * envelope, noise * Math.Sqrt(envelope));
        }
    }
}
