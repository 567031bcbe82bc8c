using System.Numerics.Tensors;
using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

public sealed class Relu(int[] shape) : Activation(shape)
{
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : 0f;
    }

    public override string Export(GraphBuilder g, string input) => g.Relu(input);
}
