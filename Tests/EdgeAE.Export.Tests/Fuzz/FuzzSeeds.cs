using System.Globalization;
using System.Text;
using EdgeAE.Export.Tests.Import;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.Fuzz;

/// <summary>
/// Writes the fuzzers' seed corpus (Tests/Fuzz/corpus/&lt;target&gt;/): small valid inputs of every reader,
/// so mutations start from well-formed files. Run by hand when the formats change:
/// <c>dotnet test Tests/EdgeAE.Export.Tests -c Release --filter FullyQualifiedName~FuzzSeeds</c> with EDGEAE_WRITE_FUZZ_SEEDS=1.
/// </summary>
public class FuzzSeeds
{
    [Test, Explicit("writes into the repository")]
    public void WriteSeedCorpus()
    {
        if (Environment.GetEnvironmentVariable("EDGEAE_WRITE_FUZZ_SEEDS") != "1") Assert.Ignore("set EDGEAE_WRITE_FUZZ_SEEDS=1");
        string root = Path.Combine(Repo(), "Tests", "Fuzz", "corpus");
        string Dir(string target) => Directory.CreateDirectory(Path.Combine(root, target)).FullName;

        // A 4 × 2 bundle: identity-plus-offset model with a full manifest (thresholds, z-score).
        var manifest = new BundleManifest
        {
            Window = 4,
            Hop = 1,
            Layout = TensorLayout.Flat,
            Channels = ["a", "b"],
            Normalization = new NormalizationSpec { Kind = NormalizationKind.ZScore, Offset = [0.5f, -1], Scale = [2, 0.25f] },
            Thresholds = new ThresholdSpec { Warning = 0.8, Alarm = 1, RaiseAfter = 2, ClearAfter = 3 },
            Provenance = new Provenance { Source = "fuzz seed" },
        };
        var g = new GraphBuilder("seed");
        string x = g.Input("input", -1, 8);
        g.Add(x, g.Weight("delta", [0.5f], 1));
        g.RenameLastOutput("output");
        g.Output("output", -1, 8);
        string bundle = Path.Combine(Dir("onnx"), "bundle.onnx");
        OnnxModelIO.WriteBundle(g.Build(), manifest, bundle);
        File.WriteAllText(Path.Combine(Dir("manifest"), "manifest.json"), OnnxModelIO.ReadManifest(OnnxModelIO.Load(bundle)) is { } m ? ManifestJson.Serialize(m) : "");

        var csv = new StringBuilder("timestamp;a;b;anomaly\n");
        for (int r = 0; r < 12; r++)
            csv.Append(CultureInfo.InvariantCulture, $"2026-01-01 00:00:{r:00}.000;{Math.Sin(r):R};{r * 0.5:R};{(r == 7 ? 1 : 0)}\n");
        File.WriteAllText(Path.Combine(Dir("csv"), "data.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(Dir("csv"), "plain.csv"), "x,y\n1,2\n3,4\n,5\n");
        var f32 = new List<byte> { 1 };   // first byte: channel count − 1
        for (int i = 0; i < 16; i++) f32.AddRange(BitConverter.GetBytes((float)Math.Cos(i)));
        File.WriteAllBytes(Path.Combine(Dir("f32"), "two-channels.f32"), f32.ToArray());

        var dense = new LayerSpec("Dense", "d", KerasImporterTestsSeeds.DenseOptions(2), ("kernel", [0.5f, -0.25f, 1, 0.75f], [2, 2]), ("bias", [0.1f, -0.1f], [2]));
        KerasFiles.Keras2Sequential(Path.Combine(Dir("keras"), "dense.h5"), [2], dense);
        KerasFiles.Keras3Sequential(Path.Combine(Dir("keras"), "dense.keras"), [2], dense);

        File.Copy(Path.Combine(Repo(), "Device", "deploy", "appsettings.example.json"), Path.Combine(Dir("config"), "appsettings.example.json"), overwrite: true);
        File.WriteAllText(Path.Combine(Dir("config"), "demo.json"),
            """{ "Demo": true, "Source": { "Kind": "Udp", "Udp": { "Port": 9870 } }, "Alerts": { "Latch": true, "AckPin": 5 }, "Health": { "DownAfter": "00:00:02" } }""");
    }

    private static string Repo()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "EdgeAE.sln"))) d = d.Parent;
        return d!.FullName;
    }
}

internal static class KerasImporterTestsSeeds
{
    public static System.Text.Json.Nodes.JsonObject DenseOptions(int units) => new() { ["units"] = units, ["activation"] = "linear", ["use_bias"] = true };
}
