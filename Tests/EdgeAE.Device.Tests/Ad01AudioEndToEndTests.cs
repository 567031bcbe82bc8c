using System.Text.Json.Nodes;
using EdgeAE.Device.Options;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Runtime.Data;
using EdgeAE.Tests.Shared;

namespace EdgeAE.Device.Tests;

/// <summary>
/// Sound end to end with the real MLPerf Tiny ad01 model: `edgeae convert --front-end logmel`, `edgeae calibrate`
/// on a normal WAV file and `edgeae score` of a test WAV file, then the same samples as a live stream through
/// Source:Kind=Audio from a fake <c>arecord</c> (a script writing them as raw S16_LE in blocks): the device scores
/// every window exactly as `edgeae score` does (same process, same CPU: bit for bit).
/// </summary>
[Category("Acceptance")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class Ad01AudioEndToEndTests
{
    private const int Rate = 16000;
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("ad01-audio");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private static string Edgeae(params string[] args)
    {
        var (exit, stdout, stderr) = CliRunner.Run(args);
        Assert.That(exit, Is.EqualTo(0), $"edgeae {string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    [Test]
    public void ALiveStreamFromArecordScoresEveryWindowAsEdgeaeScoresTheWavFile()
    {
        string h5 = Path.Combine(TestPaths.Shared, "models", "mlperf-tiny-ad01", "ad01.h5");
        if (!File.Exists(h5)) Assert.Ignore($"MLPerf Tiny ad01 not found at {h5} (shared data is not part of the repository)");

        string bundle = Path.Combine(dir, "ad01-audio.onnx");
        string normal = Path.Combine(dir, "normal.wav");
        WavFile.Write16(normal, Rate, 1, TestAudio.Hum(4 * Rate, Rate, 120, seed: 1));
        Edgeae("convert", h5, "--front-end", "logmel", "--channels", "1", "--channel-names", "mic", "--layout", "flat", "-o", bundle);
        // 4 s give 120 windows at the bundle's hop of 512: enough for a test threshold, not for a plant's 0.999 quantile.
        Edgeae("calibrate", bundle, "--normal", normal, "--allow-few-windows", "-o", bundle);

        // The same hum, then a 2.5 kHz whine over its second half: the scores must follow it on both paths.
        float[] samples = TestAudio.Hum(3 * Rate, Rate, 120, seed: 5);
        for (int i = samples.Length / 2; i < samples.Length; i++)
            samples[i] = (float)(Math.Round((samples[i] + 0.2 * Math.Sin(2 * Math.PI * 2500 * i / Rate)) * 32768) / 32768);
        string wav = Path.Combine(dir, "test.wav");
        WavFile.Write16(wav, Rate, 1, samples);
        var json = JsonNode.Parse(Edgeae("score", bundle, "--data", wav, "--json"))!;
        float[] offline = json["scores"]!.AsArray().Select(s => s!.GetValue<float>()).ToArray();
        Assert.That(offline, Has.Length.EqualTo((samples.Length - 3072) / 512 + 1));

        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Source = new SourceOptions
        {
            Kind = SourceKind.Audio,
            Audio = new AudioOptions { Command = FakeArecord(samples), Device = "plughw:1,0", RateHz = Rate, Channels = 1 },
            // A live source drops frames when the scorer falls behind; a loaded test host must not turn that into a failure here.
            Overflow = OverflowPolicy.Block,
        };
        using var h = new DeviceHarness(o);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = Task.Factory.StartNew(() => h.Pipeline.Run(cts.Token), TaskCreationOptions.LongRunning);
        bool all = SpinWait.SpinUntil(() => { lock (h.Scores) return h.Scores.Count >= offline.Length; }, TimeSpan.FromSeconds(30));
        Thread.Sleep(200);   // nothing more may come: the capture is silent after the last block
        cts.Cancel();
        Assert.That(run.Wait(TimeSpan.FromSeconds(10)), Is.True, "the pipeline stops");
        Assert.That(all, Is.True, $"the device scored {h.Scores.Count} of {offline.Length} windows");

        float[] device;
        lock (h.Scores) device = h.Scores.ToArray();
        Assert.That(device, Is.EqualTo(offline), "the device's window scores equal `edgeae score`'s bit for bit");
        int half = offline.Length / 2;
        Assert.That(offline.Skip(half + 6).Average(), Is.GreaterThan(offline.Take(half - 6).Max()), "the whine raises the score");
        Assert.That(File.ReadAllText(Path.Combine(dir, "args")).Trim(), Is.EqualTo("-q -t raw -f S16_LE -r 16000 -c 1 -D plughw:1,0"));
        TestContext.Out.WriteLine($"ad01 + logmel, {device.Length} windows: hum mean {offline.Take(half).Average():G4}, with the whine {offline.Skip(half).Average():G4}");
    }

    /// <summary>An <c>arecord</c> stand-in: records its arguments, writes the samples as raw S16_LE in 100 ms blocks, then stays silent until killed.</summary>
    private string FakeArecord(float[] samples)
    {
        string raw = Path.Combine(dir, "test.raw");
        File.WriteAllBytes(raw, samples.SelectMany(s => BitConverter.GetBytes((short)Math.Round(s * 32768))).ToArray());
        int block = Rate / 10 * 2, blocks = (samples.Length * 2 + block - 1) / block;
        string script = Path.Combine(dir, "arecord");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo "$@" > '{dir}/args'
            i=0
            while [ $i -lt {blocks} ]; do
              dd if='{raw}' bs={block} skip=$i count=1 status=none
              sleep 0.02
              i=$((i + 1))
            done
            exec sleep 60

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }
}
