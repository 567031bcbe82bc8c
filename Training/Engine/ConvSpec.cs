using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

/// <summary>Kernel, stride and padding of a 2-D (or, with height 1, 1-D) convolution.</summary>
public readonly record struct ConvSpec(int KH, int KW, int SH, int SW, int PadTop, int PadLeft, int PadBottom, int PadRight)
{
    /// <summary>A 1-D convolution along the width axis.</summary>
    public static ConvSpec OneD(int kernel, int stride, int padLeft, int padRight) => new(1, kernel, 1, stride, 0, padLeft, 0, padRight);

    /// <summary>Pads splitting <paramref name="total"/> as Keras/TensorFlow 'same' does (the extra one at the end).</summary>
    public static (int Begin, int End) Split(int total) => (total / 2, total - total / 2);

    /// <summary>Total padding of a 'same' convolution: output = ceil(size / stride).</summary>
    public static int SamePadTotal(int size, int kernel, int stride)
    {
        var (_, begin, end) = SamePadding.Of(size, stride, kernel);
        return begin + end;
    }

    /// <summary>Total padding of a transposed convolution producing exactly <paramref name="target"/> from <paramref name="size"/>.</summary>
    public static int TransposePadTotal(int size, int kernel, int stride, int target)
    {
        int total = stride * (size - 1) + kernel - target;
        if (total < 0)
            throw new ArgumentException($"a transposed convolution (kernel {kernel}, stride {stride}) cannot grow {size} to {target}");
        return total;
    }

    public long[] OnnxKernel(bool oneD) => oneD ? [KW] : [KH, KW];
    public long[] OnnxStrides(bool oneD) => oneD ? [SW] : [SH, SW];
    public long[] OnnxPads(bool oneD) => oneD ? [PadLeft, PadRight] : [PadTop, PadLeft, PadBottom, PadRight];
}
