using EdgeAE.Onnx;
using EdgeAE.Runtime.Inference;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Export.Quantization;

/// <summary>
/// What ONNX Runtime actually runs: the op types of a model after ORT's optimizer (saved through
/// SessionOptions.OptimizedModelFilePath). A QDQ graph only pays off when this shows QLinearConv /
/// QGemm instead of float Conv / Gemm.
/// </summary>
public static class OptimizedGraphInspector
{
    public static Dictionary<string, int> OpHistogram(byte[] model, IReadOnlyDictionary<string, string>? configEntries = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgeae-opt-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            SessionFactory.EnsureEnvironment();
            var settings = new InferenceSettings { ConfigEntries = configEntries ?? new Dictionary<string, string>() };
            using (var options = SessionFactory.CreateOptions(settings))
            {
                options.OptimizedModelFilePath = path;
                using var session = new InferenceSession(model, options);
            }
            var optimized = OnnxModelIO.Load(path);
            return optimized.Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
        finally
        {
            try { File.Delete(path); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Session config that makes x64 ORT do what ARM does: keep int8 QDQ activations instead of
    /// converting them to uint8, and no x64quantprecision weight rewrite (compiled out on ARM; with
    /// int8 activations kept, ORT 1.31.1's rewrite also fails Conv graphs with "Attempt to replace
    /// the existing tensor").
    /// </summary>
    public static IReadOnlyDictionary<string, string> ArmBehaviour { get; } = new Dictionary<string, string>
    {
        ["session.qdqisint8allowed"] = "1",
        ["session.x64quantprecision"] = "0",
    };
}
