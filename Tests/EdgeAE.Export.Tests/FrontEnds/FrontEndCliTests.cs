using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Tests.FrontEnds;

/// <summary>
/// `edgeae train --front-end` writes the front end into the bundle, and quantize / calibrate / score
/// take it from there: the scores `edgeae score` prints are the device's streaming scorer's, bit for bit.
/// </summary>
[NonParallelizable]
public class FrontEndCliTests
{
    private const string Vibration = "spectrum:sample_rate=3200,n_fft=64,bands=linear,band_count=8";
    private string dir = "";

    [SetUp] public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-frontend-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    /// <summary>Three accelerometer axes at 3,200 Hz: a 400 Hz line, its harmonic and noise.</summary>
    private string WriteVibration(int rows, int seed)
    {
        var rng = new Random(seed);
        var lines = new List<string>(rows + 1) { "x,y,z" };
        for (int r = 0; r < rows; r++)
        {
            double t = r / 3200.0;
            lines.Add(string.Join(',', Enumerable.Range(0, 3).Select(c =>
                (Math.Sin(2 * Math.PI * 400 * t + c) + 0.3 * (c + 1) * Math.Sin(2 * Math.PI * 800 * t) + 0.1 * (rng.NextDouble() - 0.5)).ToString("R", CultureInfo.InvariantCulture))));
        }
        string path = Path.Combine(dir, $"vib{seed}.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Test]
    public void TrainSetsTheFrontEndAndQuantizeCalibrateScoreFollowIt()
    {
        string train = WriteVibration(6000, 1), test = WriteVibration(3000, 2);
        string model = Path.Combine(dir, "vib.onnx"), int8 = Path.Combine(dir, "vib-int8.onnx"), calibrated = Path.Combine(dir, "vib-cal.onnx");
        var (code, stdout, stderr) = CliRunner.Run("train", "--data", train, "--arch", "dense", "--front-end", Vibration, "--window", "256",
            "--hidden", "16", "--latent", "4", "--epochs", "2", "--seed", "1", "-o", model, "--json");
        Assert.That(code, Is.EqualTo(0), stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.That((int)json["model_window"]!, Is.EqualTo(8), "one averaged row of 8 linear bands per channel");
        Assert.That((int)json["hop"]!, Is.EqualTo(128), "spectrum default hop: half the window");
        using (var b = Bundle.Load(model))
        {
            var fe = b.Manifest.FrontEnd!;
            Assert.That((fe.Kind, fe.SampleRate, fe.NFft, fe.HopLength, fe.Bands, fe.BandCount), Is.EqualTo((FrontEndKind.Spectrum, 3200.0, 64, 32, SpectrumBands.Linear, 8)));
            Assert.That((b.Manifest.Window, b.Manifest.ModelWindow), Is.EqualTo((256, 8)));
        }

        (code, _, stderr) = CliRunner.Run("quantize", model, "--calibration", train, "-o", int8);
        Assert.That(code, Is.EqualTo(0), stderr);
        (code, _, stderr) = CliRunner.Run("calibrate", int8, "--normal", train, "--q", "0.95", "-o", calibrated);
        Assert.That(code, Is.EqualTo(0), stderr);
        using (var b = Bundle.Load(calibrated))
            Assert.That(b.Manifest.FrontEnd!.SameAs(Bundle.Load(model).Manifest.FrontEnd), "quantize and calibrate keep the front end");

        (code, stdout, stderr) = CliRunner.Run("score", calibrated, "--data", test, "--json");
        Assert.That(code, Is.EqualTo(0), stderr);
        var scores = JsonNode.Parse(stdout)!["scores"]!.AsArray().Select(s => (float)(double)s!).ToArray();
        Assert.That(scores, Has.Length.EqualTo((3000 - 256) / 128 + 1));

        // The device's path: frames pushed one by one into the streaming scorer.
        using var bundle = Bundle.Load(calibrated);
        var table = SensorDataReader.Read(test);
        var sink = new Sink();
        using (var scorer = new StreamingScorer(bundle, new ScorerOptions { MicroBatch = 4, MaxLatency = TimeSpan.MaxValue }, sink))
        {
            for (int r = 0; r < table.Rows; r++) scorer.Push(table.TimeOf(r), table.Row(r));
            scorer.Flush();
        }
        Assert.That(sink.Scores, Is.EqualTo(scores), "edgeae score == the device's streaming scorer, bit for bit");
    }

    [TestCase("fft", "'fft' is not logmel or spectrum")]
    [TestCase("spectrum:n_fft=64", "a spectrum needs sample_rate=HZ")]
    [TestCase("logmel:n_mel=64", "unknown key 'n_mel'")]
    [TestCase("logmel:frames=five", "frames=five is not a whole number")]
    [TestCase("spectrum:sample_rate=3200,n_fft=100", "front_end.n_fft")]
    public void ABadFrontEndIsOneLineAndExitOne(string frontEnd, string message)
    {
        string data = WriteVibration(2000, 3);
        string model = Path.Combine(dir, "bad.onnx");
        var (code, _, stderr) = CliRunner.Run("train", "--data", data, "--arch", "dense", "--front-end", frontEnd, "--epochs", "1", "-o", model);
        Assert.That(code, Is.Not.EqualTo(0));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.StartWith("edgeae: error:").And.Contain(message));
        Assert.That(File.Exists(model), Is.False);
    }

    private sealed class Sink : IScoreSink
    {
        public List<float> Scores { get; } = [];
        public void OnWindow(in WindowScore score) => Scores.Add(score.Score);
        public void OnEvent(in DetectorEvent e) { }
    }
}
