using System.Globalization;
using EdgeAE.Runtime.Data;
using EdgeAE.Training;

namespace EdgeAE.Learning;

/// <summary>The checks that stop learning with one line instead of arming a model that cannot be trusted.</summary>
internal static class Refusals
{
    public static void BeforeTraining(SensorTable recording, LearnSettings s, double faultFraction)
    {
        if (recording.Rows < s.MinRows)
            throw new LearnRefusedException($"too few rows: {recording.Rows} recorded, {s.MinRows} needed (MinRows)");
        if (faultFraction > s.MaxFaultFraction)
            throw new LearnRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"sensor faults took {faultFraction:P1} of the frames while recording (more than MaxFaultFraction {s.MaxFaultFraction:P1}): fix the sensors and record again"));
        int trainRows = recording.Rows - (int)Math.Round(recording.Rows * s.HoldOut);
        int c = recording.ChannelCount;
        for (int j = 0; j < c; j++)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int r = 0; r < trainRows; r++)
            {
                float v = recording.Values[r * c + j];
                if (!float.IsFinite(v)) continue;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            if (!(max > min))
                throw new LearnRefusedException($"channel '{recording.Channels[j]}' is constant in the training rows ({(float.IsFinite(min) ? min.ToString("G6", CultureInfo.InvariantCulture) : "no finite value")}): a model cannot learn its normal variation; remove it from the source or check the sensor");
        }
    }

    public static void AfterTraining(TrainingResult t, LearnSettings s)
    {
        if (!(t.ValLoss < s.MaxLossRatio * t.BaselineValLoss))
            throw new LearnRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"validation loss {t.ValLoss:G4} is not clearly below the channel-mean baseline {t.BaselineValLoss:G4} (needs < {s.MaxLossRatio} × baseline): the model learned nothing useful"));
    }
}
