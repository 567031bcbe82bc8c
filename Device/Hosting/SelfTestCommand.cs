using System.Globalization;
using EdgeAE.Device.Models;
using EdgeAE.Device.Options;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Device.Hosting;

/// <summary><c>--self-test</c>: loads the configured bundle, scores the built-in window, prints one line; exit 0 when the score is finite.</summary>
public static class SelfTestCommand
{
    public static int Run(DeviceOptions options, TextWriter output)
    {
        var loader = new ModelLoader(options.Model);
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
            return 0;
        }
        catch (BundleException e)
        {
            throw new StartupException($"self-test: Model:Path: {loader.Path}: {e.Message}", e);
        }
    }
}
