using System.Text.Json.Nodes;
using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Export.Tests.Import;
using EdgeAE.Export.Tests.Passes;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Streaming.FrontEnds;
using EdgeAE.Tests.Shared;

namespace EdgeAE.Export.Tests.FrontEnds;

/// <summary>
/// Sound through `edgeae`: the MLPerf Tiny ad01 model converted with the logmel front end scores a
/// WAV file; the score is recomputed here from the samples (front end per window, the imported
/// graph in ONNX Runtime, MSE) so the CLI path is checked against a second route.
/// </summary>
[Category("Acceptance")]
public class SoundScoringTests
{
    private string dir = null!;

    [OneTimeSetUp] public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-sound-").FullName;
    [OneTimeTearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private string Convert()
    {
        string bundle = Path.Combine(dir, "ad01-audio.onnx");
        if (File.Exists(bundle)) return bundle;
        var (exit, _, err) = CliRunner.Run("convert", SharedData.Ad01("ad01.h5"), "--front-end", "logmel", "--channels", "1", "--channel-names", "mic", "--layout", "flat", "-o", bundle);
        Assert.That(exit, Is.EqualTo(0), err);
        return bundle;
    }

    [Test]
    public void Ad01WithTheLogmelFrontEndScoresAWavFileAsTheFrontEndPlusGraphDo()
    {
        string bundle = Convert();
        using (var b = Bundle.Load(bundle))
        {
            Assert.That(b.Manifest.Window, Is.EqualTo(3072));
            Assert.That(b.Manifest.Hop, Is.EqualTo(512));
            Assert.That(b.Manifest.ModelWindow, Is.EqualTo(640));
            Assert.That(b.Manifest.FrontEnd!.Kind, Is.EqualTo(FrontEndKind.LogMel));
        }
        var samples = TestAudio.Hum(4 * 16000, 16000, 120, seed: 1);
        string wav = Path.Combine(dir, "hum.wav");
        WavFile.Write16(wav, 16000, 1, samples);

        var (exit, stdout, err) = CliRunner.Run("score", bundle, "--data", wav, "--json");
        Assert.That(exit, Is.EqualTo(0), err);
        var json = JsonNode.Parse(stdout)!;
        int windows = (64000 - 3072) / 512 + 1;
        Assert.That(json["windows"]!.GetValue<int>(), Is.EqualTo(windows));

        var fe = FrontEnd.Create(FrontEndSpecs(), 3072, 1);
        var batch = new float[windows * 640];
        for (int w = 0; w < windows; w++) fe.Transform(samples.AsSpan(w * 512, 3072), batch.AsSpan(w * 640, 640));
        var model = OnnxModelIO.Load(bundle);
        var output = OrtEval.Run(model, batch, windows, 640);
        double sum = 0;
        for (int w = 0; w < windows; w++)
        {
            double se = 0;
            for (int i = 0; i < 640; i++) se += Math.Pow(output[w * 640 + i] - batch[w * 640 + i], 2);
            sum += se / 640;
        }
        double mean = sum / windows;
        TestContext.Out.WriteLine($"ad01 + logmel on 4 s of synthetic hum: mean window score {json["mean"]} (recomputed {mean:F6})");
        Assert.That(json["mean"]!.GetValue<double>(), Is.EqualTo(mean).Within(1e-4 * mean));
    }

    private static FrontEndSpec FrontEndSpecs() => new()
    {
        Kind = FrontEndKind.LogMel,
        SampleRate = 16000,
        NFft = 1024,
        HopLength = 512,
        NMels = 128,
        Power = 2,
        Frames = 5,
    };

    private static string OneLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), "exactly one line on stderr:\n" + stderr);
        return lines[0];
    }

    [Test]
    public void BadAudioIsOneLineAndANonZeroExit()
    {
        string bundle = Convert();
        string rate = Path.Combine(dir, "44k.wav");
        WavFile.Write16(rate, 44100, 1, TestAudio.Hum(44100, 44100, 120, seed: 2));
        string stereo = Path.Combine(dir, "stereo.wav");
        WavFile.Write16(stereo, 16000, 2, TestAudio.Hum(2 * 16000, 16000, 120, seed: 3));
        string whole = Path.Combine(dir, "whole.wav");
        WavFile.Write16(whole, 16000, 1, TestAudio.Hum(16000, 16000, 120, seed: 4));
        string truncated = Path.Combine(dir, "truncated.wav");
        File.WriteAllBytes(truncated, File.ReadAllBytes(whole)[..20_001]);
        string notWav = Path.Combine(dir, "text.wav");
        File.WriteAllText(notWav, "hello, this is not audio\n");

        var cases = new (string Path, string Line)[]
        {
            (rate, $"edgeae: error: {rate}: sampled at 44100 Hz, the bundle's logmel front end expects 16000 Hz (resample it first, e.g. sox in.wav -r 16000 out.wav)"),
            (stereo, $"edgeae: error: {stereo}: 2 channels [c0, c1], the bundle expects 1 [mic]"),
            (truncated, $"edgeae: error: {truncated}: truncated WAV: the data chunk declares 32000 bytes, the file holds 19957"),
            (notWav, $"edgeae: error: {notWav}: is not a WAV file (no RIFF/WAVE header)"),
        };
        foreach (var (path, line) in cases)
        {
            var (exit, _, err) = CliRunner.Run("score", bundle, "--data", path);
            Assert.That(exit, Is.EqualTo(1), path);
            Assert.That(OneLine(err), Is.EqualTo(line));
        }
    }
}
