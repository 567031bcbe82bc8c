using System.Globalization;

namespace EdgeAE.Device.Hosting;

/// <summary>The daemon's own flags; everything else is configuration (--Section:Key value).</summary>
public sealed class CommandLine
{
    public bool Help { get; private init; }
    public bool Version { get; private init; }
    public bool SelfTest { get; private init; }
    public bool CheckConfig { get; private init; }
    public string? SimulateCsv { get; private init; }
    public long Rows { get; private init; } = 100_000;
    public string[] ConfigArgs { get; private init; } = [];

    public const string Usage = """
        usage: edgeae-device [--Section:Key value ...]
               edgeae-device --demo [...]         the demo: pump simulator + demo bundle + simulated GPIO, alerts printed
               edgeae-device --check-config       load the bundle, open the GPIO lines, probe every sensor, print the plan;
                                                  exit 0, or 78 with the problem, without scoring anything
               edgeae-device --learn [...]        record healthy rows, then train, quantize, calibrate and arm a bundle
                                                  (Model:Learn:*; the learned bundle replaces Model:Path through hot reload)
               edgeae-device --self-test          score a built-in window with the configured bundle, print the score
               edgeae-device --simulate-csv FILE [--rows N]
                                                  write N rows of pump-simulator data (Source:Simulator settings) as CSV
        Configuration (lowest first): appsettings.json next to the binary, /etc/edgeae/appsettings.json
        (or $EDGEAE_CONFIG), EDGEAE_Section__Key environment variables, --Section:Key value arguments.
        Sections: Model, Source, Alerts, Journal, Health, Mqtt, Metrics. The simulator source, the demo bundle and simulated
        GPIO run only in the demo (--demo, or Demo=true); anywhere else they are a configuration error (exit 78).
        """;

    public static CommandLine Parse(string[] args)
    {
        bool help = false, version = false, selfTest = false, checkConfig = false;
        string? csv = null;
        long rows = 100_000;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help" or "-?": help = true; break;
                case "--version": version = true; break;
                case "--self-test": selfTest = true; break;
                case "--check-config": checkConfig = true; break;
                // The demo is configuration like any other key (Demo=true), so appsettings and the environment can say it too.
                case "--demo": rest.Add("--Demo=true"); break;
                case "--learn": rest.Add("--Model:Learn:Enabled=true"); break;
                case "--simulate-csv":
                    csv = i + 1 < args.Length ? args[++i] : throw new StartupException("--simulate-csv needs a file name");
                    break;
                case "--rows":
                    if (i + 1 >= args.Length || !long.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out rows) || rows < 1)
                        throw new StartupException("--rows needs a positive whole number");
                    break;
                default: rest.Add(args[i]); break;
            }
        }
        // A self-test and a simulator CSV drive no output and watch nothing: the demo-only rules do not apply.
        if (selfTest || csv is not null) rest.Add("--Demo=true");
        return new CommandLine { Help = help, Version = version, SelfTest = selfTest, CheckConfig = checkConfig, SimulateCsv = csv, Rows = rows, ConfigArgs = rest.ToArray() };
    }
}
