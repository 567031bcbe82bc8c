using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeAE.Runtime.Numerics;

namespace EdgeAE.Training.Engine;

/// <summary>
/// The two register-blocked SIMD loops every convolution pass reduces to. Several output rows share
/// each loaded vector; the summation order is fixed by the loop structure alone, so results depend
/// neither on threading nor on the machine's vector width (AccumulateRows adds per element, whatever
/// the width; DotRows reduces in OrderedSum's fixed order).
/// </summary>
public static class Kernels
{
    /// <summary>
    /// c[m·N + n] = (bias?[m] ?? 0) + a[m, :] · b[n, :] for rows of length k. Each dot product adds
    /// in <see cref="OrderedSum"/>'s order (eight lanes as two 128-bit vectors, fixed reduction), not
    /// in an order set by the machine's vector width, so a workstation with AVX learns the board's bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotRows(ReadOnlySpan<float> a, int m, ReadOnlySpan<float> b, int n, int k, Span<float> c, ReadOnlySpan<float> bias)
    {
        int k8 = k & ~7;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            var a0 = a.Slice(i * k, k); var a1 = a.Slice((i + 1) * k, k);
            var a2 = a.Slice((i + 2) * k, k); var a3 = a.Slice((i + 3) * k, k);
            for (int j = 0; j < n; j++)
            {
                var bj = b.Slice(j * k, k);
                Vector128<float> l0 = default, h0 = default, l1 = default, h1 = default;
                Vector128<float> l2 = default, h2 = default, l3 = default, h3 = default;
                for (int t = 0; t < k8; t += 8)
                {
                    var vl = Load128(bj, t);
                    var vh = Load128(bj, t + 4);
                    l0 += Load128(a0, t) * vl; h0 += Load128(a0, t + 4) * vh;
                    l1 += Load128(a1, t) * vl; h1 += Load128(a1, t + 4) * vh;
                    l2 += Load128(a2, t) * vl; h2 += Load128(a2, t + 4) * vh;
                    l3 += Load128(a3, t) * vl; h3 += Load128(a3, t + 4) * vh;
                }
                float r0 = OrderedSum.Reduce(l0, h0), r1 = OrderedSum.Reduce(l1, h1);
                float r2 = OrderedSum.Reduce(l2, h2), r3 = OrderedSum.Reduce(l3, h3);
                for (int t = k8; t < k; t++)
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
                c[i * n + j] = OrderedSum.Dot(ai, b.Slice(j * k, k)) + (bias.IsEmpty ? 0 : bias[i]);
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
    private static Vector128<float> Load128(ReadOnlySpan<float> s, int offset) =>
        Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)offset);

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
