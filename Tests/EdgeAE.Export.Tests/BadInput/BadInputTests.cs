using System.Globalization;
using System.Text;
using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Export.Tests.Import;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.BadInput;

/// <summary>
/// Bad input found by trying the tool (issue 14): each gets one line naming the problem in the user's
/// terms and a non-zero exit; none crashes, none writes a result computed from the wrong data.
/// The tests check the line and the exit code, not the exception type behind them.
/// </summary>
public class BadInputTests
{
    private CliTestData data = null!;

    [OneTimeSetUp] public void SetUp() => data = new CliTestData();
    [OneTimeTearDown] public void TearDown() => data.Dispose();

    private static string OneLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), "exactly one line on stderr:\n" + stderr);
        return lines[0];
    }

    private string Csv(string name, string header, Func<int, string> row, int rows = 300)
    {
        var sb = new StringBuilder(header).Append('\n');
        for (int r = 0; r < rows; r++) sb.Append(row(r)).Append('\n');
        string path = data.PathOf(name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Test]
    public void TruncatedKerasFileIsOneLineNotAStackTrace()
    {
        string truncated = data.PathOf("ad01-first-200k.h5");
        using (var src = File.OpenRead(SharedData.Ad01("ad01.h5")))
        using (var dst = File.Create(truncated))
        {
            var buffer = new byte[200_000];
            src.ReadExactly(buffer);
            dst.Write(buffer);
        }
        var (exit, stdout, stderr) = CliRunner.Run("convert", truncated, "--window", "5", "--channels", "128", "--layout", "flat", "-o", data.PathOf("never.onnx"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(OneLine(stderr), Is.EqualTo($"edgeae: error: {truncated}: truncated or damaged Keras file: Unable to read beyond the end of the stream (copy it again, or save the model again with model.save)"));
        Assert.That(File.Exists(data.PathOf("never.onnx")), Is.False);
        _ = stdout;
    }

    [Test]
    public void ColumnsMatchingNoChannelAreRefusedUnlessMappedByPosition()
    {
        string csv = Csv("renamed.csv", "x;y", r => $"{F(Math.Sin(r * 0.05))};{F(Math.Sin(r * 0.05) + 0.01 * (r % 7))}", rows: 3000);
        string output = data.PathOf("renamed.onnx");
        var (exit, _, stderr) = CliRunner.Run("calibrate", data.BundlePath, "--normal", csv, "-o", output);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(OneLine(stderr), Is.EqualTo($"edgeae: error: {csv}: none of its columns [x, y] is a channel of the bundle [a, b]; rename the columns, pick them with --columns, or map them in order with --by-position"));
        Assert.That(File.Exists(output), Is.False, "no thresholds from the wrong columns");

        var forced = CliRunner.Run("calibrate", data.BundlePath, "--normal", csv, "--by-position", "-o", output);
        Assert.That(forced.Exit, Is.EqualTo(0), forced.Err);
    }

    [Test]
    public void APartialMatchNamesWhatIsMissing()
    {
        string csv = Csv("partial.csv", "a;c", r => $"{F(Math.Sin(r * 0.05))};{F(r)}");
        var (exit, _, stderr) = CliRunner.Run("score", data.BundlePath, "--data", csv);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(OneLine(stderr), Is.EqualTo($"edgeae: error: {csv}: lacks the bundle's channel b (has [a, c]); add it, or map the columns in order with --by-position"));
    }

    [Test]
    public void EveryRowRejectedIsAnErrorThatSaysWhy()
    {
        string csv = Csv("all-nan.csv", "a;b", r => $"{F(Math.Sin(r * 0.05))};NaN", rows: 50);
        var (exit, stdout, stderr) = CliRunner.Run("score", data.BundlePath, "--data", csv);
        Assert.That(exit, Is.EqualTo(1), stdout);
        Assert.That(OneLine(stderr), Is.EqualTo($"edgeae: error: {csv}: no window to score: 50 of 50 rows rejected for a NaN or infinite value (--hold-last repairs them), 0 accepted, a window needs {CliTestData.Window}"));
    }

    [Test]
    public void UnknownEnumValueNamesTheAllowedValuesNotADotNetType()
    {
        var model = OnnxModelIO.Load(data.BundlePath);
        var entry = model.MetadataProps.Single(p => p.Key == BundleManifest.MetadataKey);
        entry.Value = entry.Value.Replace("\"layout\":\"flat\"", "\"layout\":\"nhwc\"");
        Assert.That(entry.Value, Does.Contain("\"layout\":\"nhwc\""));
        string path = data.PathOf("bad-layout.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));

        var e = Assert.Throws<BundleException>(() => Bundle.Load(path))!;
        Assert.That(e.Message, Is.EqualTo("manifest.layout: 'nhwc' is not one of flat, nwc, ncw, nchw"));

        var (exit, stdout, stderr) = CliRunner.Run("inspect", path);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(OneLine(stderr), Is.EqualTo($"edgeae: error: {path}: not a usable bundle: manifest.layout: 'nhwc' is not one of flat, nwc, ncw, nchw"));
        Assert.That(stdout, Does.Contain("EdgeAE manifest INVALID: manifest.layout: 'nhwc' is not one of flat, nwc, ncw, nchw"));
        Assert.That(stdout, Does.Not.Contain("no EdgeAE manifest"));

        var score = CliRunner.Run("score", path, "--data", data.NormalPath);
        Assert.That(score.Exit, Is.EqualTo(1));
        Assert.That(OneLine(score.Err), Does.Not.Contain("EdgeAE.Runtime"));
    }

    [Test]
    public void AHighQuantileFromFewWindowsIsRefusedUnlessForced()
    {
        string csv = Csv("short.csv", "a;b", r => $"{F(Math.Sin(r * 0.05))};{F(Math.Sin(r * 0.05) + 0.01 * (r % 5))}", rows: 16 + CliTestData.Window - 1);
        string output = data.PathOf("few.onnx");
        var (exit, _, stderr) = CliRunner.Run("calibrate", data.BundlePath, "--normal", csv, "--method", "quantile", "--q", "0.999", "-o", output);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(OneLine(stderr), Is.EqualTo($"edgeae: error: --q 0.999 needs at least 1000 windows of normal data, {csv} gives 16: below that the 0.999 quantile is just the largest score seen; give more data, --q 0.9375 or lower, or --allow-few-windows"));
        Assert.That(File.Exists(output), Is.False);

        // The default adaptive level cannot be fitted on 16 scores at all: that is its own one-line error.
        var adaptive = CliRunner.Run("calibrate", data.BundlePath, "--normal", csv, "--method", "quantile", "--q", "0.999", "--allow-few-windows", "-o", output);
        Assert.That(adaptive.Exit, Is.EqualTo(1));
        Assert.That(adaptive.Err, Does.Contain("edgeae: error: the adaptive threshold needs at least").And.Contain("got 16"));
        Assert.That(File.Exists(output), Is.False);

        var forced = CliRunner.Run("calibrate", data.BundlePath, "--normal", csv, "--method", "quantile", "--q", "0.999", "--allow-few-windows", "--adaptive", "none", "-o", output);
        Assert.That(forced.Exit, Is.EqualTo(0), forced.Err);
        Assert.That(OneLine(forced.Err), Does.StartWith("edgeae: warning: --q 0.999 needs at least 1000 windows"));
        Assert.That(File.Exists(output), Is.True);
    }

    [Test]
    public void ExportLeavesNoOptimizedModelBesideItsInput()
    {
        // A library load caches nothing unless asked: no *.opt.onnx beside the user's files.
        string before = string.Join(",", Directory.GetFiles(data.Directory).Order());
        var (exit, _, stderr) = CliRunner.Run("score", data.BundlePath, "--data", data.NormalPath);
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(Directory.GetFiles(data.Directory, "*.opt.onnx"), Is.Empty);
        Assert.That(string.Join(",", Directory.GetFiles(data.Directory).Order()), Is.EqualTo(before));
    }
}
