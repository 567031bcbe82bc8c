using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

/// <summary>
/// One differentiable step on a batch of n samples stored contiguously (n × InSize floats in,
/// n × OutSize out). Per-sample shapes exclude the batch dimension, channels first.
/// </summary>
public abstract class Layer
{
    protected Layer(int[] inShape, int[] outShape)
    {
        InShape = inShape;
        OutShape = outShape;
        InSize = inShape.Aggregate(1, (a, b) => a * b);
        OutSize = outShape.Aggregate(1, (a, b) => a * b);
    }

    public int[] InShape { get; }
    public int[] OutShape { get; }
    public int InSize { get; }
    public int OutSize { get; }

    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Non-trained state that must travel with the weights (batch-norm running statistics).</summary>
    public virtual IReadOnlyList<float[]> Buffers => [];

    /// <summary>y ← f(x) for n samples.</summary>
    public abstract void Forward(Compute c, float[] x, float[] y, int n);

    /// <summary>
    /// Given dL/dy, writes dL/dx into <paramref name="dx"/> (overwriting; skipped when null) and ADDS
    /// the parameter gradients to <see cref="Parameter.Grad"/>. x and y are the last forward's.
    /// </summary>
    public abstract void Backward(Compute c, float[] x, float[] y, float[] dy, float[]? dx, int n);

    /// <summary>Appends the inference-mode ONNX nodes computing this layer; returns the output name.</summary>
    public abstract string Export(GraphBuilder g, string input);

    public override string ToString() => $"{GetType().Name}[{string.Join("×", InShape)} → {string.Join("×", OutShape)}]";
}
