using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

/// <summary>
/// Nearest-neighbour upsampling by an integer factor along the time axis of [C, W] (1-D) or
/// [C, H, W] (2-D, time = H) samples: the Conv-only decoder alternative to transposed convolutions
/// (ORT runs ConvTranspose in float even in int8 models; Resize + Conv quantizes).
/// </summary>
public sealed class Upsample : Layer
{
    public Upsample(int[] shape, int factor) : base(shape, Grown(shape, factor))
    {
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor));
        Factor = factor;
        OneD = shape.Length == 2;
        Planes = shape[0];
        InTime = shape[1];
        Inner = shape.Length == 3 ? shape[2] : 1;
    }

    public int Factor { get; }
    public bool OneD { get; }
    private int Planes { get; }
    private int InTime { get; }
    /// <summary>Values per time step within a plane (1 for 1-D; the channel width for 2-D).</summary>
    private int Inner { get; }

    private static int[] Grown(int[] shape, int factor)
    {
        var s = (int[])shape.Clone();
        s[1] *= factor;
        return s;
    }

    public override void Forward(Compute c, float[] x, float[] y, int n)
    {
        int outTime = InTime * Factor;
        for (int s = 0; s < n; s++)
            for (int p = 0; p < Planes; p++)
            {
                int xo = s * InSize + p * InTime * Inner, yo = s * OutSize + p * outTime * Inner;
                for (int t = 0; t < outTime; t++)
                    Array.Copy(x, xo + t / Factor * Inner, y, yo + t * Inner, Inner);
            }
    }

    public override void Backward(Compute c, float[] x, float[] y, float[] dy, float[]? dx, int n)
    {
        if (dx is null) return;
        int outTime = InTime * Factor;
        Array.Clear(dx, 0, n * InSize);
        for (int s = 0; s < n; s++)
            for (int p = 0; p < Planes; p++)
            {
                int xo = s * InSize + p * InTime * Inner, yo = s * OutSize + p * outTime * Inner;
                for (int t = 0; t < outTime; t++)
                    for (int i = 0; i < Inner; i++)
                        dx[xo + t / Factor * Inner + i] += dy[yo + t * Inner + i];
            }
    }

    public override string Export(GraphBuilder g, string input) => OneD ? g.Upsample(input, Factor) : g.Upsample(input, Factor, 1);
}
