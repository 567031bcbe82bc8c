namespace EdgeAE.Training.Objectives;

/// <summary>Binary cross-entropy for targets in [0, 1] and predictions from a sigmoid (clamped away from 0 and 1).</summary>
public sealed class BceLoss : ReconstructionLoss
{
    public const double Epsilon = 1e-7;

    public override LossKind Kind => LossKind.Bce;

    protected override double Element(float prediction, float target, out double derivative)
    {
        double p = Math.Clamp(prediction, Epsilon, 1 - Epsilon);
        derivative = p == prediction ? (p - target) / (p * (1 - p)) : 0;
        return -(target * Math.Log(p) + (1 - target) * Math.Log(1 - p));
    }
}
