namespace EdgeAE.Training.Objectives;

public sealed class MseLoss : ReconstructionLoss
{
    public override LossKind Kind => LossKind.Mse;

    protected override double Element(float prediction, float target, out double derivative)
    {
        double d = (double)prediction - target;
        derivative = 2 * d;
        return d * d;
    }
}
