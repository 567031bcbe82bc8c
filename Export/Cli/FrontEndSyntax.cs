using System.Globalization;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Cli;

/// <summary>
/// Parses <c>--front-end</c> values: <c>KIND[:key=value,key=value…]</c> with the manifest's own field
/// names (<c>front_end.*</c>), e.g. <c>logmel</c> (DCASE/MLPerf Tiny defaults: 16 kHz, n_fft 1024,
/// hop_length 512, 128 mels, power 2, 5 frames) or
/// <c>spectrum:sample_rate=3200,n_fft=256,bands=octave,octave_fraction=3,fmin=25</c> (defaults: Hann,
/// hop_length n_fft/2, power, dB, Welch average, every bin). The result is checked by the manifest
/// validator, so a bad value is reported under its field name.
/// </summary>
public static class FrontEndSyntax
{
    public const string Help = "Front end between the window and the model: logmel[:key=value,…] (DCASE defaults) or spectrum:sample_rate=HZ[,n_fft=256,hop_length=128,window_function=hann,power=1|2,log=true,bands=bins|linear|octave,band_count=N,octave_fraction=3,fmin=HZ,fmax=HZ,average=true]";

    private static readonly string[] Keys =
        ["sample_rate", "window_function", "n_fft", "hop_length", "power", "log", "log_epsilon", "fmin", "fmax", "bands", "band_count", "octave_fraction", "average", "n_mels", "frames"];

    public static FrontEndSpec? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "none") return null;
        var parts = text.Split(':', 2, StringSplitOptions.TrimEntries);
        var spec = parts[0] switch
        {
            "logmel" => new FrontEndSpec { Kind = FrontEndKind.LogMel, SampleRate = 16000, NFft = 1024, HopLength = 512, NMels = 128, Power = 2, Frames = 5 },
            "spectrum" => new FrontEndSpec { Kind = FrontEndKind.Spectrum, NFft = 256, Power = 2, Log = true, Average = true },
            _ => throw new UsageException($"--front-end '{text}': '{parts[0]}' is not logmel or spectrum"),
        };
        bool hopGiven = false, rateGiven = false;
        if (parts.Length == 2)
            foreach (string pair in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var kv = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                if (kv.Length != 2 || kv[1].Length == 0) throw new UsageException($"--front-end '{text}': '{pair}' is not key=value");
                string key = kv[0], value = kv[1];
                hopGiven |= key == "hop_length";
                rateGiven |= key == "sample_rate";
                switch (key)
                {
                    case "sample_rate": spec.SampleRate = Number(text, key, value); break;
                    case "window_function": spec.WindowFunction = Choice(text, key, value, ("hann", WindowFunction.Hann), ("hamming", WindowFunction.Hamming), ("blackman", WindowFunction.Blackman), ("rectangular", WindowFunction.Rectangular)); break;
                    case "n_fft": spec.NFft = Integer(text, key, value); break;
                    case "hop_length": spec.HopLength = Integer(text, key, value); break;
                    case "power": spec.Power = Number(text, key, value); break;
                    case "log": spec.Log = Bool(text, key, value); break;
                    case "log_epsilon": spec.LogEpsilon = Number(text, key, value); break;
                    case "fmin": spec.Fmin = Number(text, key, value); break;
                    case "fmax": spec.Fmax = Number(text, key, value); break;
                    case "bands": spec.Bands = Choice(text, key, value, ("bins", SpectrumBands.Bins), ("linear", SpectrumBands.Linear), ("octave", SpectrumBands.Octave)); break;
                    case "band_count": spec.BandCount = Integer(text, key, value); break;
                    case "octave_fraction": spec.OctaveFraction = Integer(text, key, value); break;
                    case "average": spec.Average = Bool(text, key, value); break;
                    case "n_mels": spec.NMels = Integer(text, key, value); break;
                    case "frames": spec.Frames = Integer(text, key, value); break;
                    default: throw new UsageException($"--front-end '{text}': unknown key '{key}' (keys: {string.Join(", ", Keys)})");
                }
            }
        if (spec.Kind == FrontEndKind.Spectrum && !rateGiven) throw new UsageException($"--front-end '{text}': a spectrum needs sample_rate=HZ (the stream's sample rate)");
        if (!hopGiven && spec.Kind == FrontEndKind.Spectrum) spec.HopLength = Math.Max(1, spec.NFft / 2);
        return spec;
    }

    /// <summary>The window a front end takes when --window is not given: logmel exactly its frames, spectrum one FFT.</summary>
    public static int DefaultWindow(FrontEndSpec spec) => spec.NaturalWindow;

    /// <summary>The hop that suits it: logmel one new frame per window (the DCASE vectors), spectrum half a window.</summary>
    public static int DefaultHop(FrontEndSpec spec, int window) => spec.Kind == FrontEndKind.LogMel ? spec.HopLength : Math.Max(1, window / 2);

    private static double Number(string text, string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw new UsageException($"--front-end '{text}': {key}={value} is not a number");

    private static int Integer(string text, string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw new UsageException($"--front-end '{text}': {key}={value} is not a whole number");

    private static bool Bool(string text, string key, string value) => value switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new UsageException($"--front-end '{text}': {key}={value} is not true or false"),
    };

    private static T Choice<T>(string text, string key, string value, params (string Name, T Value)[] choices) =>
        choices.FirstOrDefault(c => c.Name == value) is { Name: not null } hit ? hit.Value
            : throw new UsageException($"--front-end '{text}': {key}={value} is not one of {string.Join(", ", choices.Select(c => c.Name))}");
}
