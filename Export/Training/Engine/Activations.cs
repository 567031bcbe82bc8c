using System.Numerics.Tensors;
using EdgeAE.Export.Onnx;

namespace EdgeAE.Export.Training.Engine;

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

public sealed class Relu(int[] shape) : Activation(shape)
{
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : 0f;
    }

    public override string Export(GraphBuilder g, string input) => g.Relu(input);
}

public sealed class LeakyRelu(int[] shape, float alpha = 0.01f) : Activation(shape)
{
    public float Alpha { get; } = alpha;

    protected override void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : Alpha * x[i];
    }

    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : Alpha * dy[i];
    }

    public override string Export(GraphBuilder g, string input) => g.LeakyRelu(input, Alpha);
}

public sealed class Sigmoid(int[] shape) : Activation(shape)
{
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);

    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
    }

    public override string Export(GraphBuilder g, string input) => g.Sigmoid(input);
}

public sealed class Tanh(int[] shape) : Activation(shape)
{
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
    }

    public override string Export(GraphBuilder g, string input) => g.Tanh(input);
}
