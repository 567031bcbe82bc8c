using System.Text.Json.Nodes;

namespace EdgeAE.Export.Quantization;

/// <summary>Float vs int8 on the same windows, scored by the Runtime's own scorer.</summary>
public sealed class ValidationReport
{
    public long Fp32Bytes { get; init; }
    public long Int8Bytes { get; init; }
    public int Windows { get; init; }
    public double MeanScoreFp32 { get; init; }
    public double MeanScoreInt8 { get; init; }
    public double MeanScoreRelError { get; init; }
    public double WindowRelErrorMedian { get; init; }
    public double WindowRelErrorP99 { get; init; }
    public double Spearman { get; init; }
    public int LabeledWindows { get; init; }
    public double? AurocFp32 { get; init; }
    public double? AurocInt8 { get; init; }
    /// <summary>Share of windows whose alarm decision differs between float and int8; null without thresholds.</summary>
    public double? DecisionFlipRate { get; init; }
    public double? DecisionFlipRateWarning { get; init; }
    public double? Threshold { get; init; }
    public double LatencyUsFp32 { get; init; }
    public double LatencyUsInt8 { get; init; }
    /// <summary>Op types of the int8 graph after ORT's optimizer (this machine's default behaviour).</summary>
    public IReadOnlyDictionary<string, int> OptimizedOps { get; init; } = new Dictionary<string, int>();
    /// <summary>The same with session.qdqisint8allowed=1 (what ORT does on ARM).</summary>
    public IReadOnlyDictionary<string, int> OptimizedOpsInt8Allowed { get; init; } = new Dictionary<string, int>();

    /// <summary>Per quantized tensor, the share of validation values beyond its int8 range (see <see cref="ClippingProbe"/>).</summary>
    public IReadOnlyList<TensorClipping> Clipping { get; init; } = [];
    /// <summary>The largest clipped share over all tensors; 0 when nothing saturates (or clipping was not measured).</summary>
    public double ClippedFractionMax => Clipping.Count == 0 ? 0 : Clipping.Max(c => c.Fraction);

    /// <summary>Layers whose weights are int8 (uint8 weights run ORT's exact U8U8 kernels on x64 and are not counted).</summary>
    public int Int8WeightLayers { get; init; }
    /// <summary>Of those, the layers ORT's x64 U8S8 kernels without VNNI may saturate (see <see cref="U8S8Saturation"/>).</summary>
    public IReadOnlyList<SaturatingLayer> U8S8MaySaturate { get; init; } = [];
    /// <summary>
    /// Mean score error of the int8 bundle under ONNX Runtime's own defaults (no session.x64quantprecision)
    /// on this CPU; null when no layer may saturate. Equal to <see cref="MeanScoreRelError"/> on a
    /// VNNI or ARM CPU, larger where the U8S8 kernels saturate.
    /// </summary>
    public double? PlainOrtMeanScoreRelError { get; init; }

    public double SizeRatio => Fp32Bytes > 0 ? (double)Int8Bytes / Fp32Bytes : double.NaN;

    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["fp32_bytes"] = Fp32Bytes,
            ["int8_bytes"] = Int8Bytes,
            ["size_ratio"] = Number(SizeRatio),
            ["windows"] = Windows,
            ["mean_score_fp32"] = Number(MeanScoreFp32),
            ["mean_score_int8"] = Number(MeanScoreInt8),
            ["mean_score_rel_error"] = Number(MeanScoreRelError),
            ["window_rel_error_median"] = Number(WindowRelErrorMedian),
            ["window_rel_error_p99"] = Number(WindowRelErrorP99),
            ["spearman"] = Number(Spearman),
            ["latency_us_fp32"] = Number(LatencyUsFp32),
            ["latency_us_int8"] = Number(LatencyUsInt8),
        };
        if (LabeledWindows > 0)
        {
            o["labeled_windows"] = LabeledWindows;
            o["auroc_fp32"] = Number(AurocFp32);
            o["auroc_int8"] = Number(AurocInt8);
        }
        if (DecisionFlipRate is not null)
        {
            o["threshold"] = Number(Threshold);
            o["decision_flip_rate"] = Number(DecisionFlipRate);
            o["decision_flip_rate_warning"] = Number(DecisionFlipRateWarning);
        }
        if (Clipping.Count > 0)
        {
            o["clipped_fraction_max"] = Number(ClippedFractionMax);
            var worst = new JsonArray();
            foreach (var c in Clipping.Where(c => c.Fraction > 0).OrderByDescending(c => c.Fraction).Take(3))
                worst.Add(new JsonObject
                {
                    ["tensor"] = c.Tensor,
                    ["fraction"] = Number(c.Fraction),
                    ["range"] = new JsonArray(Number(c.RangeMin), Number(c.RangeMax)),
                    ["seen"] = new JsonArray(Number(c.SeenMin), Number(c.SeenMax)),
                });
            o["clipped_tensors"] = worst;
        }
        var layers = new JsonArray();
        foreach (var l in U8S8MaySaturate)
            layers.Add(new JsonObject { ["layer"] = l.Layer, ["max_weight"] = l.MaxWeight, ["worst_pair_sum"] = l.WorstPairSum });
        o["x64_u8s8"] = new JsonObject
        {
            ["int8_weight_layers"] = Int8WeightLayers,
            ["may_saturate"] = layers,
            ["plain_ort_mean_score_rel_error"] = Number(PlainOrtMeanScoreRelError),
        };
        o["optimized_ops"] = Ops(OptimizedOps);
        o["optimized_ops_int8_allowed"] = Ops(OptimizedOpsInt8Allowed);
        return o;
    }

    private static JsonObject Ops(IReadOnlyDictionary<string, int> ops)
    {
        var j = new JsonObject();
        foreach (var (k, v) in ops.OrderBy(kv => kv.Key, StringComparer.Ordinal)) j[k] = v;
        return j;
    }

    /// <summary>JSON has no NaN: undefined statistics are null.</summary>
    private static JsonNode? Number(double? v) => v is double d && double.IsFinite(d) ? JsonValue.Create(Math.Round(d, 9)) : null;
}
