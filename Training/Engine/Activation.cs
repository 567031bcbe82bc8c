using System.Numerics.Tensors;
using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

/// <summary>An element-wise nonlinearity; elements are independent so no chunking is needed for determinism.</summary>
public abstract class Activation(int[] shape) : Layer(shape, shape)
{
    public override void Forward(Compute c, float[] x, float[] y, int n) => Apply(x.AsSpan(0, n * InSize), y.AsSpan(0, n * InSize));

    public override void Backward(Compute c, float[] x, float[] y, float[] dy, float[]? dx, int n)
    {
        if (dx is null) return;
        int len = n * InSize;
        Derive(x.AsSpan(0, len), y.AsSpan(0, len), dy.AsSpan(0, len), dx.AsSpan(0, len));
    }

    protected abstract void Apply(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>dx = dy · f'(x), from x or y = f(x), whichever is cheaper.</summary>
    protected abstract void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx);
}
