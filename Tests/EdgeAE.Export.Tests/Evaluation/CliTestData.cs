using System.Globalization;
using System.Text;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.Evaluation;

/// <summary>
/// A tiny exact bundle and synthetic recordings for CLI tests. The model is a linear autoencoder
/// (one Gemm [N, W·C] → [N, W·C]) that projects every time step onto a = b, so a window's MSE is
/// the mean of ((a − b)/2)²: small noise on normal data, large where channel b is shifted.
/// </summary>
internal sealed class CliTestData : IDisposable
{
    public const int Window = 10;
    public const int Channels = 2;
    public const int AnomalyStart = 600;
    public const int AnomalyEnd = 700; // exclusive

    public CliTestData()
    {
        Directory = Path.Combine(Path.GetTempPath(), "edgeae-cli-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        BundlePath = Path.Combine(Directory, "model.onnx");
        NormalPath = Path.Combine(Directory, "normal.csv");
        LabeledPath = Path.Combine(Directory, "labeled.csv");
        WriteBundle(BundlePath);
        WriteCsv(NormalPath, rows: 3000, seed: 1, anomaly: false);
        WriteCsv(LabeledPath, rows: 1000, seed: 2, anomaly: true);
    }

    public string Directory { get; }
    public string BundlePath { get; }
    public string NormalPath { get; }
    public string LabeledPath { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    private static void WriteBundle(string path)
    {
        int n = Window * Channels;
        var weight = new float[n * n]; // [out, in]
        for (int t = 0; t < Window; t++)
            for (int o = 0; o < Channels; o++)
                for (int i = 0; i < Channels; i++)
                    weight[(t * Channels + o) * n + t * Channels + i] = 1f / Channels;
        var g = new GraphBuilder("average_ae");
        string x = g.Input("input", -1, n);
        g.Gemm(x, weight, new float[n], n, n);
        g.RenameLastOutput("output");
        g.Output("output", -1, n);
        var manifest = new BundleManifest
        {
            Window = Window,
            Hop = 1,
            Channels = ["a", "b"],
            Provenance = new Provenance { Source = "test average_ae" },
        };
        OnnxModelIO.WriteBundle(g.Build(), manifest, path);
    }

    /// <summary>a = sin, b = a + N(0, 0.1) noise; with <paramref name="anomaly"/>, b += 1 on rows 600–699 (labelled 1).</summary>
    private static void WriteCsv(string path, int rows, int seed, bool anomaly)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("datetime;a;b;anomaly\n");
        var t0 = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int r = 0; r < rows; r++)
        {
            double a = Math.Sin(r * 0.05);
            double noise = 0.1 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            bool label = anomaly && r is >= AnomalyStart and < AnomalyEnd;
            double b = a + noise + (label ? 1 : 0);
            sb.Append(t0.AddSeconds(r).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(';')
              .Append(a.ToString("R", CultureInfo.InvariantCulture)).Append(';')
              .Append(b.ToString("R", CultureInfo.InvariantCulture)).Append(';')
              .Append(label ? "1.0" : "0.0").Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, true);
    }
}
