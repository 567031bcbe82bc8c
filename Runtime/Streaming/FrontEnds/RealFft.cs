using System.Numerics.Tensors;

namespace EdgeAE.Runtime.Streaming.FrontEnds;

/// <summary>
/// Forward FFT of a real sequence of N = 2^k samples (N ≥ 4), without allocation after construction:
/// the N/2-point complex FFT of the even/odd samples packed as z[n] = x[2n] + i·x[2n+1] (iterative
/// radix-2, split real/imaginary arrays), then the split step to the N/2 + 1 one-sided bins.
/// Twiddles are computed in double once. Butterfly stages of 8 or more run on whole spans with
/// <see cref="TensorPrimitives"/>; the arithmetic is elementwise, so the result does not depend on the
/// vector width. Not thread-safe (one scratch set per instance).
/// </summary>
public sealed class RealFft
{
    private readonly int n;
    private readonly int half;
    private readonly int[] bitReverse;
    // Stage twiddles for half-size m at [m, 2m): cos and −sin of 2π·j / (2m).
    private readonly float[] stageCos;
    private readonly float[] stageSin;
    // Split-step twiddles e^(−2πik/N), k = 0..N/2.
    private readonly float[] splitCos;
    private readonly float[] splitSin;
    private readonly float[] re;
    private readonly float[] im;
    private readonly float[] tr;
    private readonly float[] ti;
    private readonly float[] tmp;

    public RealFft(int size)
    {
        if (size < 4 || (size & (size - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(size), $"FFT size must be a power of two ≥ 4, got {size}");
        n = size;
        half = size / 2;
        int bits = System.Numerics.BitOperations.Log2((uint)half);
        bitReverse = new int[half];
        for (int i = 0; i < half; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            bitReverse[i] = r;
        }
        stageCos = new float[Math.Max(half, 2)];
        stageSin = new float[Math.Max(half, 2)];
        for (int m = 1; m < half; m <<= 1)
            for (int j = 0; j < m; j++)
            {
                double a = -Math.PI * j / m;
                stageCos[m + j] = (float)Math.Cos(a);
                stageSin[m + j] = (float)Math.Sin(a);
            }
        splitCos = new float[half + 1];
        splitSin = new float[half + 1];
        for (int k = 0; k <= half; k++)
        {
            double a = -2 * Math.PI * k / n;
            splitCos[k] = (float)Math.Cos(a);
            splitSin[k] = (float)Math.Sin(a);
        }
        re = new float[half];
        im = new float[half];
        tr = new float[half];
        ti = new float[half];
        tmp = new float[half];
    }

    public int Size => n;

    /// <summary>One-sided bins: N/2 + 1.</summary>
    public int Bins => half + 1;

    /// <summary>X[k] = Σ x[t]·e^(−2πikt/N) for k = 0..N/2 into <paramref name="real"/> and <paramref name="imaginary"/> (N/2 + 1 each).</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> real, Span<float> imaginary)
    {
        if (x.Length != n) throw new ArgumentException($"expected {n} samples, got {x.Length}", nameof(x));
        if (real.Length < half + 1 || imaginary.Length < half + 1) throw new ArgumentException($"expected {half + 1} bins");
        for (int i = 0; i < half; i++)
        {
            int r = bitReverse[i];
            re[r] = x[2 * i];
            im[r] = x[2 * i + 1];
        }
        for (int m = 1; m < half; m <<= 1)
        {
            if (m < 8) ScalarStage(m);
            else VectorStage(m);
        }
        // Split: E[k] = (Z[k] + conj Z[h−k]) / 2, O[k] = (Z[k] − conj Z[h−k]) / 2i, X[k] = E[k] + W^k·O[k].
        real[0] = re[0] + im[0];
        imaginary[0] = 0;
        real[half] = re[0] - im[0];
        imaginary[half] = 0;
        for (int k = 1; k < half; k++)
        {
            float ar = re[k], ai = im[k], br = re[half - k], bi = -im[half - k];
            float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
            // (a − b) / 2i = (ai − bi)/2 − i·(ar − br)/2
            float or = 0.5f * (ai - bi), oi = -0.5f * (ar - br);
            float c = splitCos[k], s = splitSin[k];
            real[k] = er + (c * or - s * oi);
            imaginary[k] = ei + (c * oi + s * or);
        }
    }

    private void ScalarStage(int m)
    {
        for (int start = 0; start < half; start += 2 * m)
            for (int j = 0; j < m; j++)
            {
                float c = stageCos[m + j], s = stageSin[m + j];
                int a = start + j, b = a + m;
                float xr = c * re[b] - s * im[b];
                float xi = c * im[b] + s * re[b];
                re[b] = re[a] - xr;
                im[b] = im[a] - xi;
                re[a] += xr;
                im[a] += xi;
            }
    }

    private void VectorStage(int m)
    {
        var c = stageCos.AsSpan(m, m);
        var s = stageSin.AsSpan(m, m);
        var xr = tr.AsSpan(0, m);
        var xi = ti.AsSpan(0, m);
        var t = tmp.AsSpan(0, m);
        for (int start = 0; start < half; start += 2 * m)
        {
            var ar = re.AsSpan(start, m);
            var ai = im.AsSpan(start, m);
            var br = re.AsSpan(start + m, m);
            var bi = im.AsSpan(start + m, m);
            // x = w·b (complex), elementwise products then sums: the same rounding as the scalar stage.
            TensorPrimitives.Multiply(c, br, xr);
            TensorPrimitives.Multiply(s, bi, t);
            TensorPrimitives.Subtract(xr, t, xr);
            TensorPrimitives.Multiply(c, bi, xi);
            TensorPrimitives.Multiply(s, br, t);
            TensorPrimitives.Add(xi, t, xi);
            TensorPrimitives.Subtract(ar, xr, br);
            TensorPrimitives.Subtract(ai, xi, bi);
            TensorPrimitives.Add(ar, xr, ar);
            TensorPrimitives.Add(ai, xi, ai);
        }
    }
}
