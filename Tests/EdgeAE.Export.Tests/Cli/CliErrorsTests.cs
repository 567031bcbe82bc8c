using EdgeAE.Export.Cli;
using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.Cli;

/// <summary>What the user did wrong prints as one line naming the flag; what we did wrong says it is a bug.</summary>
public class CliErrorsTests
{
    [Test]
    public void UserInputIsTheInputExceptionFamilyAndTheFileSystemNotAnyInvalidData()
    {
        Assert.That(CliErrors.IsUserError(new InputException("a.csv", "empty file")), Is.True);
        Assert.That(CliErrors.IsUserError(new BundleException("thresholds.alarm", "must be finite")), Is.True);
        Assert.That(CliErrors.IsUserError(new InvalidParameterException("Q", "must be in (0, 1]")), Is.True);
        Assert.That(CliErrors.IsUserError(new FileNotFoundException("gone")), Is.True);
        Assert.That(CliErrors.IsUserError(new InvalidDataException("an invariant of ours")), Is.False, "InvalidDataException is no longer the user's fault by default");
        Assert.That(CliErrors.IsUserError(new InvalidOperationException("a bug")), Is.False);
        Assert.That(CliErrors.IsUserError(new ArgumentException("a bug")), Is.False);
    }

    [TestCase("Q", "--q")]
    [TestCase("RaiseAfter", "--raise-after")]
    [TestCase("FarPerDay", "--far-per-day")]
    [TestCase("BatchSize", "--batch")]
    [TestCase("LearningRate", "--lr")]
    [TestCase("PotInitialLevel", "--pot-level")]
    [TestCase("Channels", "--channels")]
    [TestCase("Adaptive.Risk", "--adaptive-risk")]
    [TestCase("Adaptive.InitialLevel", "--adaptive-level")]
    public void LibraryParametersReadAsTheirFlags(string parameter, string flag)
    {
        Assert.That(CliErrors.FlagOf(parameter), Is.EqualTo(flag));
        Assert.That(CliErrors.Describe(new InvalidParameterException(parameter, "must be ≥ 1, got 0")), Is.EqualTo($"{flag}: must be ≥ 1, got 0"));
    }

    [Test]
    public void AnInternalFailureSaysItIsABugAndHowToReportIt()
    {
        var lines = CliErrors.DescribeInternal(new InvalidOperationException("graph has a cycle"));
        Assert.That(lines[0], Is.EqualTo("edgeae: internal error: InvalidOperationException: graph has a cycle"));
        Assert.That(lines[1], Does.Contain("bug in edgeae").And.Contain("report"));
    }

    [Test]
    [NonParallelizable]
    public void CalibrationParameterOutOfRangeIsReportedAsTheCalibrateFlag()
    {
        using var data = new CliTestData();
        var (code, _, err) = CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--q", "2", "-o", data.PathOf("o.onnx"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.Trim(), Is.EqualTo("edgeae: error: --q: must be in (0, 1], got 2"), "CalibrationOptions.Q, said as the flag");
    }

    [Test]
    [NonParallelizable]
    public void BadRowRangeNamesTheFlag()
    {
        using var data = new CliTestData();
        var (code, _, err) = CliRunner.Run("calibrate", data.BundlePath, "--normal", data.NormalPath, "--rows", "0-400", "-o", data.PathOf("o.onnx"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.Trim(), Is.EqualTo("edgeae: error: --rows '0-400': expected START:END, e.g. 0:400 or 400:"));
    }
}
