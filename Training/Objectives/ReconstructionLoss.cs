namespace EdgeAE.Training.Objectives;

/// <summary>
/// A reconstruction loss averaged over every element of a batch. Sums run serially in element
/// order (in double), so the value does not depend on how the batch was split over threads.
/// </summary>
public abstract class ReconstructionLoss
{
    public abstract LossKind Kind { get; }

    /// <summary>Mean loss over all <paramref name="prediction"/> elements; grad (same length) receives d(mean)/d(prediction).</summary>
    public double Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> grad)
    {
        if (prediction.Length != target.Length) throw new ArgumentException("prediction and target differ in length");
        double sum = 0;
        double inv = 1.0 / prediction.Length;
        for (int i = 0; i < prediction.Length; i++)
        {
            sum += Element(prediction[i], target[i], out double d);
            grad[i] = (float)(d * inv);
        }
        return sum * inv;
    }

    /// <summary>Mean loss without a gradient.</summary>
    public double Mean(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target)
    {
        double sum = 0;
        for (int i = 0; i < prediction.Length; i++) sum += Element(prediction[i], target[i], out _);
        return sum / prediction.Length;
    }

    /// <summary>One element's loss and its derivative with respect to the prediction.</summary>
    protected abstract double Element(float prediction, float target, out double derivative);

    public static ReconstructionLoss Create(LossKind kind) => kind switch
    {
        LossKind.Mse => new MseLoss(),
        LossKind.Mae => new MaeLoss(),
        LossKind.Bce => new BceLoss(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
