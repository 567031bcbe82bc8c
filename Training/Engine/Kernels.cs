using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeAE.Training.Engine;

/// <summary>
/// The two register-blocked SIMD loops every convolution pass reduces to (System.Numerics.Vector,
/// so AVX2 on x64 and NEON on arm64). Several output rows share each loaded vector; the summation
/// order is fixed by the loop structure alone, so results never depend on threading.
/// </summary>
public static class Kernels
{
    /// <summary>c[m·N + n] = (bias?[m] ?? 0) + a[m, :] · b[n, :] for rows of length k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotRows(ReadOnlySpan<float> a, int m, ReadOnlySpan<float> b, int n, int k, Span<float> c, ReadOnlySpan<float> bias)
    {
        int vl = Vector<float>.Count;
        int kv = k - k % vl;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            var a0 = a.Slice(i * k, k); var a1 = a.Slice((i + 1) * k, k);
            var a2 = a.Slice((i + 2) * k, k); var a3 = a.Slice((i + 3) * k, k);
            for (int j = 0; j < n; j++)
            {
                var bj = b.Slice(j * k, k);
                Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (int t = 0; t < kv; t += vl)
                {
                    var v = Load(bj, t);
                    s0 += Load(a0, t) * v; s1 += Load(a1, t) * v;
                    s2 += Load(a2, t) * v; s3 += Load(a3, t) * v;
                }
                float r0 = Vector.Sum(s0), r1 = Vector.Sum(s1), r2 = Vector.Sum(s2), r3 = Vector.Sum(s3);
                for (int t = kv; t < k; t++)
                {
                    float v = bj[t];
                    r0 += a0[t] * v; r1 += a1[t] * v; r2 += a2[t] * v; r3 += a3[t] * v;
                }
                c[i * n + j] = r0 + (bias.IsEmpty ? 0 : bias[i]);
                c[(i + 1) * n + j] = r1 + (bias.IsEmpty ? 0 : bias[i + 1]);
                c[(i + 2) * n + j] = r2 + (bias.IsEmpty ? 0 : bias[i + 2]);
                c[(i + 3) * n + j] = r3 + (bias.IsEmpty ? 0 : bias[i + 3]);
            }
        }
        for (; i < m; i++)
        {
            var ai = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                var bj = b.Slice(j * k, k);
                Vector<float> s = default;
                for (int t = 0; t < kv; t += vl) s += Load(ai, t) * Load(bj, t);
                float r = Vector.Sum(s);
                for (int t = kv; t < k; t++) r += ai[t] * bj[t];
                c[i * n + j] = r + (bias.IsEmpty ? 0 : bias[i]);
            }
        }
    }

    /// <summary>
    /// c[r, :] += Σ_j coef[r·rowStride + j·colStride] · b[j, :] for r &lt; rows, j &lt; count, rows of length k
    /// (a small matrix product with the coefficient matrix read through strides, so either operand
    /// orientation is served without a transpose).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateRows(Span<float> c, int rows, ReadOnlySpan<float> coef, int rowStride, int colStride, ReadOnlySpan<float> b, int count, int k)
    {
        int vl = Vector<float>.Count;
        int kv = k - k % vl;
        int r = 0;
        for (; r + 2 <= rows; r += 2)
        {
            var c0 = c.Slice(r * k, k);
            var c1 = c.Slice((r + 1) * k, k);
            int o0 = r * rowStride, o1 = (r + 1) * rowStride;
            for (int t = 0; t < kv; t += vl)
            {
                var s0 = Load(c0, t);
                var s1 = Load(c1, t);
                for (int j = 0; j < count; j++)
                {
                    var v = Load(b.Slice(j * k, k), t);
                    s0 += new Vector<float>(coef[o0 + j * colStride]) * v;
                    s1 += new Vector<float>(coef[o1 + j * colStride]) * v;
                }
                Store(s0, c0, t);
                Store(s1, c1, t);
            }
            for (int t = kv; t < k; t++)
            {
                float s0 = c0[t], s1 = c1[t];
                for (int j = 0; j < count; j++)
                {
                    float v = b[j * k + t];
                    s0 += coef[o0 + j * colStride] * v;
                    s1 += coef[o1 + j * colStride] * v;
                }
                c0[t] = s0;
                c1[t] = s1;
            }
        }
        for (; r < rows; r++)
        {
            var cr = c.Slice(r * k, k);
            int o = r * rowStride;
            for (int t = 0; t < kv; t += vl)
            {
                var s = Load(cr, t);
                for (int j = 0; j < count; j++) s += new Vector<float>(coef[o + j * colStride]) * Load(b.Slice(j * k, k), t);
                Store(s, cr, t);
            }
            for (int t = kv; t < k; t++)
            {
                float s = cr[t];
                for (int j = 0; j < count; j++) s += coef[o + j * colStride] * b[j * k + t];
                cr[t] = s;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ReadOnlySpan<float> s, int offset) =>
        Vector.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(Span<float> s, int offset) =>
        Vector.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<float> v, Span<float> s, int offset) =>
        v.StoreUnsafe(ref MemoryMarshal.GetReference(s), (nuint)offset);
}
