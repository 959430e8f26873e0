using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Rendering;

/// <summary>
/// Cytoplasmic texture: two octaves of value noise (random values on lattices of 300 A and 80 A, trilinearly
/// interpolated), standing in for the crowd of proteins and the nucleoid's uneven density.
/// </summary>
internal sealed class TextureField
{
    private readonly Lattice _coarse, _fine;

    public TextureField(ulong seed, ulong tomogram, double fieldZ, double fieldY, double fieldX)
    {
        _coarse = new Lattice(seed, tomogram, 0, 300, 0.05f, fieldZ, fieldY, fieldX);
        _fine = new Lattice(seed, tomogram, 1, 80, 0.06f, fieldZ, fieldY, fieldX);
    }

    public float At(float z, float y, float x) => _coarse.At(z, y, x) + _fine.At(z, y, x);

    /// <summary>Interpolates both lattices in z and y for one row, so that <see cref="AtRow"/> only interpolates in x.</summary>
    public void PrepareRow(float z, float y, float[] coarseRow, float[] fineRow)
    {
        _coarse.PrepareRow(z, y, coarseRow);
        _fine.PrepareRow(z, y, fineRow);
    }

    public float AtRow(float x, float[] coarseRow, float[] fineRow) => _coarse.AtRow(x, coarseRow) + _fine.AtRow(x, fineRow);

    /// <summary>Length a row buffer needs.</summary>
    public int RowLength => Math.Max(_coarse.RowLength, _fine.RowLength);

    private sealed class Lattice
    {
        private readonly float[] _v;
        private readonly int _nz, _ny, _nx;
        private readonly float _inv;

        public Lattice(ulong seed, ulong tomogram, ulong octave, double step, float amplitude, double fz, double fy, double fx)
        {
            _inv = (float)(1 / step);
            _nz = (int)(fz / step) + 3;
            _ny = (int)(fy / step) + 3;
            _nx = (int)(fx / step) + 3;
            _v = new float[_nz * _ny * _nx];
            var key = CounterRng.Hash(seed, tomogram, 11, octave);
            for (var i = 0; i < _v.Length; i++)
            {
                var h = CounterRng.Mix(key + (ulong)i * 0x9E3779B97F4A7C15UL);
                _v[i] = amplitude * (float)((h >> 40) * (2.0 / (1UL << 24)) - 1);
            }
        }

        public int RowLength => _nx;

        public void PrepareRow(float z, float y, float[] row)
        {
            float fz = Math.Clamp(z * _inv, 0, _nz - 2.001f), fy = Math.Clamp(y * _inv, 0, _ny - 2.001f);
            int iz = (int)fz, iy = (int)fy;
            float tz = fz - iz, ty = fy - iy;
            var sy = _nx;
            var sz = _ny * _nx;
            var i = (iz * _ny + iy) * _nx;
            for (var ix = 0; ix < _nx; ix++, i++)
            {
                var c0 = _v[i] + ty * (_v[i + sy] - _v[i]);
                var c1 = _v[i + sz] + ty * (_v[i + sz + sy] - _v[i + sz]);
                row[ix] = c0 + tz * (c1 - c0);
            }
        }

        public float AtRow(float x, float[] row)
        {
            var fx = Math.Clamp(x * _inv, 0, _nx - 2.001f);
            var ix = (int)fx;
            return row[ix] + (fx - ix) * (row[ix + 1] - row[ix]);
        }

        public float At(float z, float y, float x)
        {
            // Positions may lie slightly outside the field (bounds are inflated): clamp into the lattice.
            float fz = Math.Clamp(z * _inv, 0, _nz - 2.001f), fy = Math.Clamp(y * _inv, 0, _ny - 2.001f), fx = Math.Clamp(x * _inv, 0, _nx - 2.001f);
            int iz = (int)fz, iy = (int)fy, ix = (int)fx;
            float tz = fz - iz, ty = fy - iy, tx = fx - ix;
            var i = (iz * _ny + iy) * _nx + ix;
            var sy = _nx;
            var sz = _ny * _nx;
            var c00 = _v[i] + tx * (_v[i + 1] - _v[i]);
            var c01 = _v[i + sy] + tx * (_v[i + sy + 1] - _v[i + sy]);
            var c10 = _v[i + sz] + tx * (_v[i + sz + 1] - _v[i + sz]);
            var c11 = _v[i + sz + sy] + tx * (_v[i + sz + sy + 1] - _v[i + sz + sy]);
            var c0 = c00 + ty * (c01 - c00);
            var c1 = c10 + ty * (c11 - c10);
            return c0 + tz * (c1 - c0);
        }
    }
}
