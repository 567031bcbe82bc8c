using System.Globalization;
using EdgeAE.Device.Models;
using EdgeAE.Device.Options;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// <c>--self-test</c>: loads the configured bundle and every other bundle beside it (e.g. the demo's
/// int8 and fp32 twins), scores the built-in window with each and prints one line per bundle; exit 0
/// when every score is finite. The printed scores are what the arm64 emulator check compares to x64.
/// </summary>
public static class SelfTestCommand
{
    public static int Run(DeviceOptions options, TextWriter output)
    {
        string configured = ModelLoader.ResolvePath(options.Model.Path);
        foreach (string path in BundlesToTest(configured))
            RunOne(options.Model, path, output);
        return 0;
    }

    private static IEnumerable<string> BundlesToTest(string configured)
    {
        yield return configured;
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(configured));
        if (dir is null || !Directory.Exists(dir)) yield break;
        foreach (string other in Directory.GetFiles(dir, "*.onnx").Order(StringComparer.Ordinal))
            if (!other.EndsWith(".opt.onnx", StringComparison.Ordinal) && System.IO.Path.GetFullPath(other) != System.IO.Path.GetFullPath(configured))
                yield return other;
    }

    private static void RunOne(ModelOptions model, string path, TextWriter output)
    {
        var loader = new ModelLoader(new ModelOptions { Path = path, Threads = model.Threads, MicroBatch = model.MicroBatch, BadSamples = model.BadSamples });
        try
        {
            var (bundle, test) = loader.Load();
            using (bundle)
            {
                var m = bundle.Manifest;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"self-test: {loader.Path}: graph {m.Provenance.GraphSha256[..12]}, {m.Provenance.Precision.ToString().ToLowerInvariant()}, window {m.Window} × {m.ChannelCount}, {test.Input}: score {test.Score:G6} in {test.Elapsed.TotalMilliseconds:0.##} ms"));
                if (m.Thresholds is { } t)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"self-test: thresholds warning {t.Warning:G6}, alarm {t.Alarm:G6}"));
                else
                    output.WriteLine("self-test: no thresholds in the bundle (alarms need `edgeae calibrate` or commissioning)");
            }
        }
        catch (BundleException e)
        {
            throw new StartupException($"self-test: Model:Path: {loader.Path}: {e.Message}", e);
        }
    }
}
