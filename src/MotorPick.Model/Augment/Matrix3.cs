namespace MotorPick.Model.Augment;

/// <summary>A 3×3 matrix acting on (z, y, x) column vectors; row-major.</summary>
public readonly struct Matrix3
{
    private readonly double m00, m01, m02, m10, m11, m12, m20, m21, m22;

    public Matrix3(double a00, double a01, double a02, double a10, double a11, double a12, double a20, double a21, double a22)
    {
        m00 = a00; m01 = a01; m02 = a02; m10 = a10; m11 = a11; m12 = a12; m20 = a20; m21 = a21; m22 = a22;
    }

    public static Matrix3 Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    public static Matrix3 Diagonal(double z, double y, double x) => new(z, 0, 0, 0, y, 0, 0, 0, x);

    /// <summary>Rotation by <paramref name="angle"/> in the (y, x) plane, i.e. about the z axis.</summary>
    public static Matrix3 RotateZ(double angle) { var (s, c) = Math.SinCos(angle); return new(1, 0, 0, 0, c, -s, 0, s, c); }

    /// <summary>Rotation in the (z, x) plane, i.e. about the y axis.</summary>
    public static Matrix3 RotateY(double angle) { var (s, c) = Math.SinCos(angle); return new(c, 0, -s, 0, 1, 0, s, 0, c); }

    /// <summary>Rotation in the (z, y) plane, i.e. about the x axis.</summary>
    public static Matrix3 RotateX(double angle) { var (s, c) = Math.SinCos(angle); return new(c, -s, 0, s, c, 0, 0, 0, 1); }

    /// <summary>Shear with the six off-diagonal coefficients (zy, zx, yz, yx, xz, xy).</summary>
    public static Matrix3 Shear(double zy, double zx, double yz, double yx, double xz, double xy) => new(1, zy, zx, yz, 1, yx, xz, xy, 1);

    public double this[int r, int c] => (r * 3 + c) switch
    {
        0 => m00, 1 => m01, 2 => m02, 3 => m10, 4 => m11, 5 => m12, 6 => m20, 7 => m21, _ => m22,
    };

    public static Matrix3 operator *(Matrix3 a, Matrix3 b)
    {
        Span<double> r = stackalloc double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[i * 3 + j] = a[i, 0] * b[0, j] + a[i, 1] * b[1, j] + a[i, 2] * b[2, j];
        return new(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]);
    }

    public (double Z, double Y, double X) Apply(double z, double y, double x) =>
        (m00 * z + m01 * y + m02 * x, m10 * z + m11 * y + m12 * x, m20 * z + m21 * y + m22 * x);

    public double Determinant => m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20);

    public Matrix3 Inverse()
    {
        double det = Determinant;
        if (Math.Abs(det) < 1e-12) throw new InvalidOperationException("singular matrix");
        double inv = 1 / det;
        return new(
            (m11 * m22 - m12 * m21) * inv, (m02 * m21 - m01 * m22) * inv, (m01 * m12 - m02 * m11) * inv,
            (m12 * m20 - m10 * m22) * inv, (m00 * m22 - m02 * m20) * inv, (m02 * m10 - m00 * m12) * inv,
            (m10 * m21 - m11 * m20) * inv, (m01 * m20 - m00 * m21) * inv, (m00 * m11 - m01 * m10) * inv);
    }

    public Matrix3 Transpose() => new(m00, m10, m20, m01, m11, m21, m02, m12, m22);

    /// <summary>
    /// The smallest singular value: how much an isotropic Gaussian's smallest principal std is scaled
    /// (the reference pushes covariances through the affine, Σ' = AΣAᵀ, and keeps the minimum std).
    /// </summary>
    public double MinSingularValue()
    {
        var s = this * Transpose();
        // eigenvalues of the symmetric matrix A·Aᵀ (trigonometric closed form)
        double a = s[0, 0], b = s[1, 1], c = s[2, 2], d = s[0, 1], e = s[1, 2], f = s[0, 2];
        double p1 = d * d + e * e + f * f;
        if (p1 < 1e-18) return Math.Sqrt(Math.Max(0, Math.Min(a, Math.Min(b, c))));
        double q = (a + b + c) / 3;
        double p2 = (a - q) * (a - q) + (b - q) * (b - q) + (c - q) * (c - q) + 2 * p1;
        double p = Math.Sqrt(p2 / 6);
        var bm = new Matrix3((a - q) / p, d / p, f / p, d / p, (b - q) / p, e / p, f / p, e / p, (c - q) / p);
        double r = Math.Clamp(bm.Determinant / 2, -1, 1);
        double phi = Math.Acos(r) / 3;
        double eig3 = q + 2 * p * Math.Cos(phi + 2 * Math.PI / 3); // the smallest
        return Math.Sqrt(Math.Max(0, eig3));
    }
}
