using System.Text.Json.Nodes;

namespace EdgeAE.Export.Benchmarks;

/// <summary>Everything `edgeae bench latency` measured for one bundle.</summary>
public sealed class ModelReport
{
    public required string Name { get; init; }
    public required string Precision { get; init; }
    public required string Path { get; init; }
    public long? Flops { get; init; }
    /// <summary>Why <see cref="Flops"/> is absent (an op without a shape rule, ...).</summary>
    public string? FlopsNote { get; init; }
    public required long FileBytes { get; init; }
    public required TimingStats EdgeAe { get; init; }
    public TimingStats? EdgeAeBatch { get; init; }
    public required HarnessResult Harness { get; init; }
    public PipelineResult? PipelineHop1 { get; init; }
    public PipelineResult? PipelineHopHalf { get; init; }

    /// <summary>EdgeAE median ÷ harness median at batch 1 (goal ≤ 1.05).</summary>
    public double Ratio => EdgeAe.MedianUs / Harness.Batch1.MedianUs;

    /// <summary>Hop-1 pipeline samples/s ÷ the harness's batch-1 inferences/s (goal ≥ 0.9).</summary>
    public double? PipelineRatio => PipelineHop1 is { } p ? p.SamplesPerSecond * Harness.Batch1.MedianUs / 1e6 : null;

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["precision"] = Precision,
        ["flops"] = Flops,
        ["edgeae_us"] = Round(EdgeAe.MedianUs),
        ["harness_us"] = Round(Harness.Batch1.MedianUs),
        ["ratio"] = Round(Ratio, 3),
        ["pipeline_samples_per_s_hop1"] = PipelineHop1 is { } p1 ? Math.Round(p1.SamplesPerSecond) : null,
        ["pipeline_ratio"] = PipelineRatio is { } r ? Round(r, 3) : null,
        ["bytes_per_window"] = PipelineHop1 is { } pb ? Round(pb.BytesPerWindow, 3) : null,
        ["file_bytes"] = FileBytes,
        // Extras beyond the fields, for BENCHMARKS.md and for judging noise.
        ["path"] = Path,
        ["flops_note"] = FlopsNote,
        ["edgeae_p90_us"] = Round(EdgeAe.P90Us),
        ["harness_p90_us"] = Round(Harness.Batch1.P90Us),
        ["batch"] = Harness.Batch,
        ["edgeae_batch_per_window_us"] = EdgeAeBatch is { } eb ? Round(eb.MedianUs / Harness.Batch) : null,
        ["harness_batch_per_window_us"] = Harness.BatchB is { } hb ? Round(hb.MedianUs / Harness.Batch) : null,
        ["pipeline_samples_per_s_hop_half"] = PipelineHopHalf is { } ph ? Math.Round(ph.SamplesPerSecond) : null,
        ["pipeline_hop_half"] = PipelineHopHalf?.Hop,
        ["pipeline_wall_samples_per_s_hop1"] = PipelineHop1 is { } pw ? Math.Round(pw.WallSamplesPerSecond) : null,
        ["pipeline_windows_hop1"] = PipelineHop1?.Windows,
        ["ort_version"] = Harness.OrtVersion,
    };

    private static double Round(double v, int digits = 2) => Math.Round(v, digits);
}
