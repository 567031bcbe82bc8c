using System.Collections.Concurrent;
using EdgeAE.Device.Alerts;
using EdgeAE.Device.Hosting;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Sensors;
using EdgeAE.Device.Sources;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

/// <summary>
/// Source:Kind=Audio with a fake <c>arecord</c> (a shell script given as Source:Audio:Command) that records its
/// arguments and writes a known 1 kHz tone as raw S16_LE: the frames are those samples / 32768, evenly stamped
/// at the sample rate; its death is a Down fault with its exit code and last stderr line; stopping kills it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class AudioSourceTests
{
    private const int Rate = 16000;
    private string dir = null!;

    [SetUp] public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-audio-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private sealed class Collector : IFrameWriter
    {
        public ConcurrentQueue<(DateTime Time, float[] Values)> Frames { get; } = new();
        public ConcurrentQueue<SensorFault> Faults { get; } = new();
        public bool Write(DateTime timestamp, ReadOnlySpan<float> values)
        {
            Frames.Enqueue((timestamp, values.ToArray()));
            return true;
        }
        public void ReportFault(SensorFault fault) => Faults.Enqueue(fault);
    }

    /// <summary>A 1 kHz tone at half scale, as the 16-bit samples a sound card would deliver.</summary>
    private static short[] Tone(int samples) =>
        Enumerable.Range(0, samples).Select(n => (short)Math.Round(16384 * Math.Sin(2 * Math.PI * 1000 * n / Rate))).ToArray();

    private string FakeArecord(short[] tone, string after)
    {
        string raw = Path.Combine(dir, "tone.raw");
        File.WriteAllBytes(raw, tone.SelectMany(BitConverter.GetBytes).ToArray());
        string script = Path.Combine(dir, "arecord");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" > '{dir}/args'\necho $$ > '{dir}/pid'\ncat '{raw}'\n{after}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private static AudioSource Source(string command, string[]? channels = null, double? frontEndRate = Rate, int rate = Rate, int count = 1) =>
        new(new AudioOptions { Command = command, Device = "plughw:1,0", RateHz = rate, Channels = count }, channels ?? ["mic"], frontEndRate,
            NullLogger.Instance, new StreamClock(TimeProvider.System));

    [Test]
    public void TheToneArrivesSampleForSampleAndStoppingKillsTheCapture()
    {
        short[] tone = Tone(Rate / 2 + 1); // an odd length: the last read ends mid-block
        using var source = Source(FakeArecord(tone, "exec sleep 60"));
        var sink = new Collector();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = Task.Factory.StartNew(() => source.Run(sink, cts.Token), TaskCreationOptions.LongRunning);

        Assert.That(SpinWait.SpinUntil(() => sink.Frames.Count >= tone.Length, TimeSpan.FromSeconds(10)), Is.True, "every sample becomes a frame");
        int pid = int.Parse(File.ReadAllText(Path.Combine(dir, "pid")).Trim());
        Assert.That(File.Exists($"/proc/{pid}/stat"), Is.True, "still capturing");
        cts.Cancel();
        Assert.That(run.Wait(TimeSpan.FromSeconds(10)), Is.True, "Run returns on stop");

        var frames = sink.Frames.ToArray();
        Assert.That(frames, Has.Length.EqualTo(tone.Length));
        Assert.That(frames.Select(f => f.Values.Single()), Is.EqualTo(tone.Select(s => s / 32768f)));
        Assert.That((frames[^1].Time - frames[0].Time).TotalSeconds, Is.EqualTo((tone.Length - 1) / (double)Rate).Within(1e-6), "stamped by sample count");
        Assert.That(sink.Faults, Is.Empty, "a stop is not a fault");
        Assert.That(File.ReadAllText(Path.Combine(dir, "args")).Trim(), Is.EqualTo("-q -t raw -f S16_LE -r 16000 -c 1 -D plughw:1,0"));
        Assert.That(SpinWait.SpinUntil(() => !File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "), TimeSpan.FromSeconds(5)),
            Is.True, "the child was killed");
    }

    [Test]
    public void ACaptureThatDiesIsADownFaultNamingItsExitAndStderrAndIsRestarted()
    {
        short[] tone = Tone(800);
        using var source = Source(FakeArecord(tone, "echo 'arecord: main:831: audio open error: Device or resource busy' >&2\nexit 1"));
        var sink = new Collector();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = Task.Factory.StartNew(() => source.Run(sink, cts.Token), TaskCreationOptions.LongRunning);

        Assert.That(SpinWait.SpinUntil(() => sink.Faults.Count >= 2, TimeSpan.FromSeconds(10)), Is.True, "one fault per death, restarted in between");
        cts.Cancel();
        Assert.That(run.Wait(TimeSpan.FromSeconds(10)), Is.True);

        SensorFault fault = sink.Faults.First();
        Assert.That(fault.Kind, Is.EqualTo(SensorFaultKind.Down));
        Assert.That(fault.Sensor, Is.EqualTo("plughw:1,0"));
        Assert.That(fault.Message, Does.EndWith("arecord exited with code 1 after 800 frames: arecord: main:831: audio open error: Device or resource busy"));
        Assert.That(sink.Frames.Count, Is.GreaterThanOrEqualTo(1600), "the frames before each death are kept");
    }

    [Test]
    public void BadCaptureSettingsAreOneLineAtStartup()
    {
        string script = FakeArecord(Tone(1), "exit 0");
        Assert.That(Assert.Throws<StartupException>(() => Source(Path.Combine(dir, "no-such-arecord")))!.Message,
            Is.EqualTo($"Source:Audio:Command: '{dir}/no-such-arecord' not found (install alsa-utils: sudo apt install alsa-utils)"));
        Assert.That(Assert.Throws<StartupException>(() => Source(script, rate: 44100))!.Message,
            Is.EqualTo("Source:Audio:RateHz: capturing at 44100 Hz, the bundle's front end expects 16000 Hz"));
        Assert.That(Assert.Throws<StartupException>(() => Source(script, count: 2))!.Message,
            Is.EqualTo("Source:Audio:Channels: capturing 2 channels, the bundle expects 1 [mic]"));
        Assert.That(Source(script, frontEndRate: null, rate: 8000).Description, Does.Contain("8000 Hz × 1 channel S16_LE"), "no front end: any rate");
    }

    [Test]
    public void TheQueueHoldsFourSecondsOfSoundUnlessConfigured()
    {
        Assert.That(new SourceOptions { Kind = SourceKind.Audio }.EffectiveQueueFrames, Is.EqualTo(64000), "4 s at 16 kHz, not 256 ms");
        Assert.That(new SourceOptions { Kind = SourceKind.Audio, Audio = new AudioOptions { RateHz = 48000 } }.EffectiveQueueFrames, Is.EqualTo(192000));
        Assert.That(new SourceOptions { Kind = SourceKind.Audio, QueueFrames = 8192 }.EffectiveQueueFrames, Is.EqualTo(8192), "a configured size is kept");
        Assert.That(new SourceOptions { Kind = SourceKind.Chips }.EffectiveQueueFrames, Is.EqualTo(SourceOptions.DefaultQueueFrames));
    }

    [Test]
    public void AWavReplayAtAnotherRateThanTheFrontEndIsRefused()
    {
        string wav = Path.Combine(dir, "44k.wav");
        WavFile.Write16(wav, 44100, 1, new float[4410]);
        var frontEnd = new FrontEndSpec { Kind = FrontEndKind.LogMel, SampleRate = 16000, NFft = 1024, HopLength = 512, NMels = 128, Frames = 5 };
        var options = new SourceOptions { Kind = SourceKind.Replay, Path = wav };
        var pins = new SimulatedPinBackend(NullLogger.Instance);
        var e = Assert.Throws<StartupException>(() => SourceFactory.Create(options, ["mic"], pins, NullLoggerFactory.Instance, new StreamClock(TimeProvider.System), frontEnd));
        Assert.That(e!.Message, Is.EqualTo($"Source:Path: {wav}: sampled at 44100 Hz, the bundle's logmel front end expects 16000 Hz (resample it first, e.g. sox in.wav -r 16000 out.wav)"));

        string ok = Path.Combine(dir, "16k.wav");
        WavFile.Write16(ok, 16000, 1, new float[1600]);
        using var replay = SourceFactory.Create(new SourceOptions { Kind = SourceKind.Replay, Path = ok }, ["mic"], pins, NullLoggerFactory.Instance, new StreamClock(TimeProvider.System), frontEnd);
        Assert.That(replay.Channels, Is.EqualTo(new[] { "mic" }), "a WAV's channels are the bundle's, in order");

        string stereo = Path.Combine(dir, "stereo.wav");
        WavFile.Write16(stereo, 16000, 2, new float[3200]);
        e = Assert.Throws<StartupException>(() => SourceFactory.Create(new SourceOptions { Kind = SourceKind.Replay, Path = stereo }, ["mic"], pins, NullLoggerFactory.Instance, new StreamClock(TimeProvider.System), frontEnd));
        Assert.That(e!.Message, Is.EqualTo($"Source:Path: {stereo}: 2 channels [c0, c1], the bundle expects 1 [mic]"));

        string truncated = Path.Combine(dir, "truncated.wav");
        File.WriteAllBytes(truncated, File.ReadAllBytes(ok)[..1001]);
        e = Assert.Throws<StartupException>(() => SourceFactory.Create(new SourceOptions { Kind = SourceKind.Replay, Path = truncated }, ["mic"], pins, NullLoggerFactory.Instance, new StreamClock(TimeProvider.System), frontEnd));
        Assert.That(e!.Message, Does.StartWith($"Source:Path: {truncated}: truncated WAV"));
    }
}
