namespace EdgeAE.Training.Optim;

public enum LearningRateSchedule { Constant, Cosine }

public static class LearningRates
{
    /// <summary>The rate for a 0-based epoch: constant, or cosine-annealed from the base rate to 1 % of it over the epoch budget.</summary>
    public static float At(LearningRateSchedule schedule, float baseRate, int epoch, int epochs) => schedule switch
    {
        LearningRateSchedule.Constant => baseRate,
        LearningRateSchedule.Cosine => baseRate * (0.01f + 0.99f * 0.5f * (1 + MathF.Cos(MathF.PI * epoch / Math.Max(1, epochs)))),
        _ => throw new ArgumentOutOfRangeException(nameof(schedule)),
    };
}
