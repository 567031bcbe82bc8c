using System.Runtime.CompilerServices;

namespace EdgeAE.Training.Engine;

/// <summary>
/// The index map shared by convolution and its transpose: a "small" grid position (conv output,
/// or transposed-conv input) times a kernel offset lands on a "big" grid position
/// (big = small·stride + offset − pad). Gather builds one contiguous patch row per small position
/// (im2col) so the inner loops are SIMD dot products; ScatterAdd is its exact adjoint.
/// </summary>
public sealed record ConvGeometry(int BigChannels, int BigH, int BigW, int SmallH, int SmallW, int KH, int KW, int SH, int SW, int PadTop, int PadLeft)
{
    public int Patch => BigChannels * KH * KW;
    public int SmallPositions => SmallH * SmallW;
    public int BigSize => BigChannels * BigH * BigW;

    /// <summary>Output extent of a convolution along one axis.</summary>
    public static int ConvOut(int size, int kernel, int stride, int padBegin, int padEnd) => (size + padBegin + padEnd - kernel) / stride + 1;

    /// <summary>Output extent of a transposed convolution along one axis (ONNX, no output padding).</summary>
    public static int TransposeOut(int size, int kernel, int stride, int padBegin, int padEnd) => stride * (size - 1) + kernel - padBegin - padEnd;

    /// <summary>col[p, (ci·KH + a)·KW + b] = big[ci, p.h·SH + a − PadTop, p.w·SW + b − PadLeft] (0 outside).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Gather(ReadOnlySpan<float> big, Span<float> col)
    {
        int patch = Patch;
        for (int oh = 0; oh < SmallH; oh++)
            for (int ow = 0; ow < SmallW; ow++)
            {
                var row = col.Slice((oh * SmallW + ow) * patch, patch);
                int idx = 0;
                for (int ci = 0; ci < BigChannels; ci++)
                    for (int a = 0; a < KH; a++)
                    {
                        int ih = oh * SH + a - PadTop;
                        if ((uint)ih >= (uint)BigH)
                        {
                            row.Slice(idx, KW).Clear();
                            idx += KW;
                            continue;
                        }
                        var src = big.Slice((ci * BigH + ih) * BigW, BigW);
                        int iw0 = ow * SW - PadLeft;
                        for (int b = 0; b < KW; b++, idx++)
                        {
                            int iw = iw0 + b;
                            row[idx] = (uint)iw < (uint)BigW ? src[iw] : 0f;
                        }
                    }
            }
    }

    /// <summary>big[...] += col[...] over the same map (the adjoint of <see cref="Gather"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScatterAdd(ReadOnlySpan<float> col, Span<float> big)
    {
        int patch = Patch;
        for (int oh = 0; oh < SmallH; oh++)
            for (int ow = 0; ow < SmallW; ow++)
            {
                var row = col.Slice((oh * SmallW + ow) * patch, patch);
                int idx = 0;
                for (int ci = 0; ci < BigChannels; ci++)
                    for (int a = 0; a < KH; a++)
                    {
                        int ih = oh * SH + a - PadTop;
                        if ((uint)ih >= (uint)BigH)
                        {
                            idx += KW;
                            continue;
                        }
                        var dst = big.Slice((ci * BigH + ih) * BigW, BigW);
                        int iw0 = ow * SW - PadLeft;
                        for (int b = 0; b < KW; b++, idx++)
                        {
                            int iw = iw0 + b;
                            if ((uint)iw < (uint)BigW) dst[iw] += row[idx];
                        }
                    }
            }
    }
}
