using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeAE.Runtime.Numerics;

/// <summary>
/// Sums and dot products whose order of additions is the same on every machine: eight running
/// lanes (element t goes to lane t mod 8), kept as two 128-bit vectors, a fixed pairwise reduction
/// of the lanes, then the tail in order.
/// <para>
/// Why not TensorPrimitives.Sum/Dot or Vector&lt;T&gt;: they add in an order set by the machine's
/// vector width (128 bits on the board's NEON and in the AOT packages, 256 under the JIT with AVX,
/// 512 with AVX-512), so float results differ in the last bits between a workstation and a board.
/// Scores, thresholds and learned weights go into bundles whose bytes must be the same wherever
/// they are computed (`edgeae learn --from` reproduces the board's bundle). Every lane operation is
/// a single IEEE multiply or add (.NET never fuses them), so the results are bit-identical.
/// </para>
/// </summary>
public static class OrderedSum
{
    /// <summary>Σ x[t], in the fixed order.</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        int k8 = x.Length & ~7;
        var lo = Vector128<float>.Zero;
        var hi = Vector128<float>.Zero;
        ref float r = ref MemoryMarshal.GetReference(x);
        for (int t = 0; t < k8; t += 8)
        {
            lo += Vector128.LoadUnsafe(ref r, (nuint)t);
            hi += Vector128.LoadUnsafe(ref r, (nuint)(t + 4));
        }
        float s = Reduce(lo, hi);
        for (int t = k8; t < x.Length; t++) s += x[t];
        return s;
    }

    /// <summary>Σ a[t]·b[t], in the fixed order (spans of equal length).</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("spans of different lengths", nameof(b));
        int k8 = a.Length & ~7;
        var lo = Vector128<float>.Zero;
        var hi = Vector128<float>.Zero;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        for (int t = 0; t < k8; t += 8)
        {
            lo += Vector128.LoadUnsafe(ref ra, (nuint)t) * Vector128.LoadUnsafe(ref rb, (nuint)t);
            hi += Vector128.LoadUnsafe(ref ra, (nuint)(t + 4)) * Vector128.LoadUnsafe(ref rb, (nuint)(t + 4));
        }
        float s = Reduce(lo, hi);
        for (int t = k8; t < a.Length; t++) s += a[t] * b[t];
        return s;
    }

    /// <summary>The eight lanes, lanes 0–3 in <paramref name="lo"/> and 4–7 in <paramref name="hi"/>, added pairwise in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Reduce(Vector128<float> lo, Vector128<float> hi)
    {
        var q = lo + hi;   // lanes (0+4), (1+5), (2+6), (3+7)
        return (q.GetElement(0) + q.GetElement(1)) + (q.GetElement(2) + q.GetElement(3));
    }
}
