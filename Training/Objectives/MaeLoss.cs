namespace EdgeAE.Training.Objectives;

public sealed class MaeLoss : ReconstructionLoss
{
    public override LossKind Kind => LossKind.Mae;

    protected override double Element(float prediction, float target, out double derivative)
    {
        double d = (double)prediction - target;
        derivative = Math.Sign(d);
        return Math.Abs(d);
    }
}
