using System.Buffers.Binary;
using EdgeAE.Device.Hosting;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Sensors;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Sources;

/// <summary>
/// Live sound: <c>arecord -t raw -f S16_LE</c> as a child process whose stdout is read as interleaved 16-bit
/// samples, one frame per sample instant, scaled as WAV input is (x / 32768). Frames are stamped by sample
/// count from the first block, so the windows see the sound card's own clock. The child is owned: killed on
/// stop and on dispose. When it dies (USB microphone unplugged, device busy) that is a Down sensor fault with
/// its exit code and last stderr line, and it is restarted with backoff.
/// </summary>
public sealed class AudioSource : IFrameSource
{
    private readonly AudioOptions options;
    private readonly IReadOnlyList<string> channels;
    private readonly ILogger logger;
    private readonly StreamClock clock;
    private readonly string command;
    private readonly Lock gate = new();
    private ChildProcess? process;

    public AudioSource(AudioOptions options, IReadOnlyList<string> channels, double? frontEndRate, ILogger logger, StreamClock clock)
    {
        this.options = options;
        this.channels = channels;
        this.logger = logger;
        this.clock = clock;
        if (channels.Count != options.Channels)
        {
            throw new StartupException($"Source:Audio:Channels: capturing {options.Channels} channel{(options.Channels == 1 ? "" : "s")}, the bundle expects {channels.Count} [{string.Join(", ", channels)}]");
        }
        if (frontEndRate is double rate && Math.Abs(rate - options.RateHz) > 1e-6 * rate)
        {
            throw new StartupException(FormattableString.Invariant($"Source:Audio:RateHz: capturing at {options.RateHz} Hz, the bundle's front end expects {rate} Hz"));
        }
        command = Resolve(options.Command)
            ?? throw new StartupException($"Source:Audio:Command: '{options.Command}' not found (install alsa-utils: sudo apt install alsa-utils)");
    }

    public IReadOnlyList<string> Channels => channels;

    public string Description => $"audio: {command} -D {options.Device}, {options.RateHz} Hz × {options.Channels} channel{(options.Channels == 1 ? "" : "s")} S16_LE";

    public bool IsFinite => false;

    /// <summary>The arguments given to the capture command (raw 16-bit little-endian, no WAV header, quiet).</summary>
    public string[] Arguments => ["-q", "-t", "raw", "-f", "S16_LE", "-r", options.RateHz.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-c", options.Channels.ToString(System.Globalization.CultureInfo.InvariantCulture), "-D", options.Device];

    public void Run(IFrameWriter writer, CancellationToken cancellation)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        using var stop = cancellation.Register(Interrupt);
        while (!cancellation.IsCancellationRequested)
        {
            string problem;
            try
            {
                ChildProcess p = Start();
                long delivered = Capture(p, writer, cancellation);
                if (delivered < 0 || cancellation.IsCancellationRequested)
                {
                    return;
                }
                var (code, signal) = p.Wait();
                // systemd (and Ctrl+C, `timeout`) signal the whole group at once: a child ended by SIGTERM/SIGINT
                // is the stop arriving, not a dead microphone, when the host's cancellation follows within a second.
                if (signal is ChildProcess.SigTerm or 2 && cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
                {
                    return;
                }
                string detail = p.LastErrorLine.Length > 0 ? $": {p.LastErrorLine}" : "";
                string ended = code is int c ? $"exited with code {c}" : $"was killed by signal {signal}";
                problem = $"{Path.GetFileName(command)} {ended} after {delivered} frames{detail}";
                if (delivered > 0)
                {
                    backoff = TimeSpan.FromMilliseconds(500);
                }
            }
            catch (IOException e)
            {
                if (cancellation.IsCancellationRequested)
                {
                    return;
                }
                problem = $"cannot run {command}: {e.Message}";
            }
            finally
            {
                Kill();
            }
            writer.ReportFault(new SensorFault(options.Device, SensorFaultKind.Down, problem));
            logger.LogWarning("audio: {Problem}; restarting in {Delay} ms", problem, (int)backoff.TotalMilliseconds);
            cancellation.WaitHandle.WaitOne(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    /// <summary>Reads samples until the pipe ends; returns the frames delivered, or −1 when the pipeline stopped taking them.</summary>
    private long Capture(ChildProcess pipe, IFrameWriter writer, CancellationToken cancellation)
    {
        int width = options.Channels, frameBytes = 2 * width;
        // ~20 ms per read: a block boundary never splits the stamping, and a frame split across reads is carried.
        var bytes = new byte[Math.Max(frameBytes, options.RateHz / 50 * frameBytes)];
        var frame = new float[width];
        int carried = 0;
        long count = 0;
        DateTime start = default;
        double ticksPerFrame = (double)TimeSpan.TicksPerSecond / options.RateHz;
        while (true)
        {
            int read = pipe.Read(bytes.AsSpan(carried));
            if (read == 0)
            {
                return count;
            }
            int available = carried + read, whole = available / frameBytes;
            if (count == 0 && whole > 0)
            {
                start = clock.Now - TimeSpan.FromTicks((long)(whole * ticksPerFrame)); // the first block was recorded before now
            }
            for (int f = 0; f < whole; f++)
            {
                for (int c = 0; c < width; c++)
                {
                    frame[c] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(f * frameBytes + 2 * c)) / 32768f;
                }
                if (!writer.Write(start + TimeSpan.FromTicks((long)(count * ticksPerFrame)), frame))
                {
                    return -1;
                }
                count++;
            }
            carried = available - whole * frameBytes;
            bytes.AsSpan(whole * frameBytes, carried).CopyTo(bytes);
        }
    }

    private ChildProcess Start()
    {
        var p = ChildProcess.Start(command, Arguments);
        lock (gate)
        {
            process = p;
        }
        logger.LogInformation("audio: capturing with {Command} {Arguments} (pid {Pid})", command, string.Join(' ', Arguments), p.Pid);
        return p;
    }

    /// <summary>The stop, from the cancellation callback: ends the child so the blocked pipe read returns; Run releases it.</summary>
    private void Interrupt()
    {
        lock (gate)
        {
            process?.Signal(ChildProcess.SigTerm);
        }
    }

    /// <summary>Ends the child (if still running), reaps it and closes its pipes; safe to call twice.</summary>
    private void Kill()
    {
        ChildProcess? p;
        lock (gate)
        {
            p = process;
            process = null;
        }
        p?.Dispose();
    }

    /// <summary>An absolute/relative path as given, else the first executable match on PATH; null when there is none.</summary>
    internal static string? Resolve(string name)
    {
        if (name.Contains('/'))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return candidate;
            }
        }
        return null;
    }

    public void Dispose() => Kill();
}
