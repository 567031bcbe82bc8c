using EdgeAE.Device.Options;

namespace EdgeAE.Device.Tests;

/// <summary>The Runtime calibrator names its own property; the daemon reports it as its Model:Commissioning key.</summary>
public class CommissioningOptionsTests
{
    [Test]
    public void CalibratorParameterErrorsAreReportedUnderTheCommissioningKey()
    {
        var options = new DeviceOptions();
        options.Model.Commissioning.Duration = TimeSpan.FromMinutes(5);
        options.Model.Commissioning.Q = 2;   // past CalibrationOptions' (0, 1]; the Range attribute is checked elsewhere
        var result = new DeviceOptionsRules().Validate(null, options);
        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.Some.Contains("Model.Commissioning.Q").And.Some.Contains("must be in (0, 1], got 2"));
    }

    [Test]
    public void ValidCommissioningPassesTheCalibratorsRules()
    {
        var options = new DeviceOptions { Demo = true };   // the defaults are the demo's simulator, bundle and GPIO
        options.Model.Commissioning.Duration = TimeSpan.FromMinutes(5);
        var result = new DeviceOptionsRules().Validate(null, options);
        Assert.That(result.Failures ?? [], Is.Empty);
        Assert.That(result.Succeeded, Is.True);
    }
}
