using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Options;

/// <summary>Model:Learn rules across keys, checked at start-up so a bad recipe fails before hours of recording.</summary>
internal static class LearnRules
{
    public static void Check(DeviceOptions o, ValidateOptionsResultBuilder b)
    {
        var learn = o.Model.Learn;
        if (o.Model.ReloadPollSeconds <= 0)
            b.AddError("must be > 0 with Model:Learn:Enabled: the learned bundle is armed through the hot-reload path", "Model.ReloadPollSeconds");
        if (learn.Duration < TimeSpan.Zero || learn.Duration > TimeSpan.FromDays(365))
            b.AddError($"must be between 00:00:00 and 365.00:00:00, got {learn.Duration}", "Model.Learn.Duration");
        var r = learn.Recipe;
        if (!(r.HoldOut > 0 && r.HoldOut < 0.9)) b.AddError($"must be in (0, 0.9), got {r.HoldOut}", "Model.Learn.Recipe.HoldOut");
        if (r.MinRows < 100) b.AddError($"must be ≥ 100, got {r.MinRows}", "Model.Learn.Recipe.MinRows");
        if (!(r.MaxFaultFraction >= 0 && r.MaxFaultFraction <= 1)) b.AddError($"must be in [0, 1], got {r.MaxFaultFraction}", "Model.Learn.Recipe.MaxFaultFraction");
        if (!(r.MaxLossRatio > 0 && r.MaxLossRatio <= 1)) b.AddError($"must be in (0, 1], got {r.MaxLossRatio}", "Model.Learn.Recipe.MaxLossRatio");
        if (learn.Rows < r.MinRows) b.AddError($"must be ≥ Model:Learn:Recipe:MinRows ({r.MinRows}), got {learn.Rows}", "Model.Learn.Rows");
        try
        {
            var training = r.ToTraining();
            if (training.Window < 1 || training.Hop < 1 || training.Epochs < 1 || training.BatchSize < 1)
                b.AddError("Window, Hop, Epochs and BatchSize must be ≥ 1", "Model.Learn.Recipe");
            var calibration = r.ToCalibration(TimeSpan.FromSeconds(1));
            calibration.Validate();
            if (calibration.Method is Runtime.Calibration.ThresholdMethod.F1 or Runtime.Calibration.ThresholdMethod.Far)
                b.AddError("must be quantile, sigma, mad or pot (the recording has no labels and its time base may jump)", "Model.Learn.Recipe.Method");
        }
        catch (Runtime.InvalidParameterException e)
        {
            b.AddError(e.Problem, "Model.Learn.Recipe." + e.Parameter);
        }
        catch (Runtime.InputException e)
        {
            b.AddError(e.Message, "Model.Learn.Recipe.Method");
        }
    }
}
