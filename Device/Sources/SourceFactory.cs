using EdgeAE.Device.Hosting;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Sources;

/// <summary>Builds the configured source. Line-based sources take their channel names from Source:Columns, else from the model.</summary>
public static class SourceFactory
{
    /// <param name="frontEnd">The bundle's front end: Audio and WAV replay must match its sample rate.</param>
    public static IFrameSource Create(SourceOptions options, IReadOnlyList<string> modelChannels, Alerts.IPinBackend pins, ILoggerFactory logs, StreamClock clock, Runtime.Bundles.FrontEndSpec? frontEnd = null)
    {
        var named = options.Columns.Length > 0 ? options.Columns : modelChannels;
        try
        {
            return options.Kind switch
            {
                SourceKind.Simulator => new SimulatorSource(options.Simulator, options.Speed, clock, options.Burst),
                SourceKind.Replay => new ReplaySource(options.Path, options.Columns.Length > 0 ? options.Columns : modelChannels, options.Speed, options.Loop, clock.Time, options.Burst, frontEnd),
                SourceKind.Stdin => new StdinSource(named, logs.CreateLogger("Source"), clock),
                SourceKind.Udp => new UdpSource(options.Udp, named, logs.CreateLogger("Source"), clock),
                SourceKind.Serial => new SerialSource(options.Serial, named, logs.CreateLogger("Source"), clock),
                SourceKind.Chips => new ChipSource(options.Chips, pins, logs.CreateLogger("Chips"), clock),
                SourceKind.Audio => new AudioSource(options.Audio, named, frontEnd?.SampleRate, logs.CreateLogger("Audio"), clock),
                _ => throw new StartupException($"Source:Kind: unknown source {options.Kind}"),
            };
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException or Runtime.InputException)
        {
            throw new StartupException($"Source:Path: {e.Message}", e);
        }
        catch (Sensors.ChipConfigurationException e)
        {
            throw new StartupException($"Source:Chips:{e.Message}", e);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new StartupException($"Source:Udp: cannot bind {options.Udp.Bind}:{options.Udp.Port}: {e.Message}", e);
        }
    }
}
