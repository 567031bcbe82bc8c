using System.Diagnostics.CodeAnalysis;

namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// Checks every manifest field, and the manifest against the model it rides in. The first problem
/// found is thrown as a <see cref="BundleException"/> naming the field.
/// </summary>
public static class ManifestValidator
{
    /// <summary>Validates the fields that do not depend on the model.</summary>
    public static void ValidateFields(BundleManifest m)
    {
        if (m.Schema != BundleManifest.CurrentSchema)
            Fail("schema", $"unsupported schema {m.Schema} (this runtime reads {BundleManifest.CurrentSchema})");
        if (string.IsNullOrWhiteSpace(m.InputName)) Fail("input_name", "is empty");
        if (string.IsNullOrWhiteSpace(m.OutputName)) Fail("output_name", "is empty");
        if (!Enum.IsDefined(m.Layout)) Fail("layout", $"unknown layout {(int)m.Layout}");
        if (m.Window < 1) Fail("window", $"must be ≥ 1, got {m.Window}");
        if (m.Hop < 1) Fail("hop", $"must be ≥ 1, got {m.Hop}");
        if (m.Channels is null || m.Channels.Length == 0) Fail("channels", "must name at least one channel");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < m.Channels!.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(m.Channels[i])) Fail($"channels[{i}]", "is empty");
            if (!seen.Add(m.Channels[i])) Fail($"channels[{i}]", $"duplicate channel name '{m.Channels[i]}'");
        }
        ValidatePreprocessing(m.Preprocessing, m.Channels);
        ValidateNormalization(m.Normalization, m.Channels.Length);
        if (m.FrontEnd is not null) ValidateFrontEnd(m.FrontEnd, m.Window);
        ValidateScore(m.Score, m.Channels.Length);
        if (m.Thresholds is not null) ValidateThresholds(m.Thresholds);
        if (m.Drift is not null) ValidateDrift(m.Drift, m.Channels.Length);
        ValidateProvenance(m.Provenance);
    }

    /// <summary>Validates the manifest against the model's input and output.</summary>
    public static void ValidateAgainstModel(BundleManifest m, IReadOnlyList<TensorSignature> inputs, IReadOnlyList<TensorSignature> outputs)
    {
        var input = inputs.FirstOrDefault(i => i.Name == m.InputName);
        if (input is null)
            Fail("input_name", $"'{m.InputName}' is not a model input (model has: {string.Join(", ", inputs.Select(i => i.Name))})");
        var output = outputs.FirstOrDefault(o => o.Name == m.OutputName);
        if (output is null)
            Fail("output_name", $"'{m.OutputName}' is not a model output (model has: {string.Join(", ", outputs.Select(o => o.Name))})");
        if (!input!.IsFloat) Fail("input_name", $"model input '{input.Name}' is not float32");
        if (!output!.IsFloat) Fail("output_name", $"model output '{output.Name}' is not float32");

        long[] expected = WindowShape(m.Layout, m.ModelWindow, m.ChannelCount);
        string window = m.FrontEnd is null ? $"window {m.Window}" : $"the front end's {m.ModelWindow} values per channel";
        CheckShape("layout", input.Dims, expected, $"model input {input.ShapeText} does not fit layout {Name(m.Layout)} with {window} × {m.ChannelCount} channels (expected {Text(expected)})");
        CheckShape("output_name", output.Dims, expected, $"model output {output.ShapeText} differs from the input shape {Text(expected)}");
    }

    /// <summary>The per-window shape (batch dimension first, as −1) for a layout.</summary>
    public static long[] WindowShape(TensorLayout layout, int window, int channels) => layout switch
    {
        TensorLayout.Flat => [-1, (long)window * channels],
        TensorLayout.Nwc => [-1, window, channels],
        TensorLayout.Ncw => [-1, channels, window],
        TensorLayout.Nchw => [-1, 1, window, channels],
        _ => throw new BundleException("layout", $"unknown layout {layout}"),
    };

    private static void CheckShape(string field, long[] actual, long[] expected, string problem)
    {
        if (actual.Length != expected.Length) Fail(field, problem);
        for (int d = 1; d < expected.Length; d++)
            if (actual[d] >= 0 && actual[d] != expected[d]) Fail(field, problem);
        if (actual[0] == 0) Fail(field, "batch dimension is 0");
    }

    private static void ValidateNormalization(NormalizationSpec? n, int channels)
    {
        if (n is null) Fail("normalization", "is missing");
        if (!Enum.IsDefined(n!.Kind)) Fail("normalization.kind", $"unknown kind {(int)n.Kind}");
        if (n.Kind == NormalizationKind.None)
        {
            if (n.Offset.Length != 0 || n.Scale.Length != 0)
                Fail("normalization.offset", "must be empty when kind is none");
            return;
        }
        if (n.Offset.Length != channels) Fail("normalization.offset", $"has {n.Offset.Length} values for {channels} channels");
        if (n.Scale.Length != channels) Fail("normalization.scale", $"has {n.Scale.Length} values for {channels} channels");
        for (int c = 0; c < channels; c++)
        {
            if (!float.IsFinite(n.Offset[c])) Fail($"normalization.offset[{c}]", $"is not finite ({n.Offset[c]})");
            if (!float.IsFinite(n.Scale[c]) || n.Scale[c] <= 0)
                Fail($"normalization.scale[{c}]", $"must be finite and > 0, got {n.Scale[c]} (a constant channel?)");
        }
    }

    /// <summary>Longest rolling-median horizon: each frame costs O(horizon) per channel.</summary>
    public const int MaxMedianHorizon = 10_000;

    private static void ValidatePreprocessing(PreprocessingStageSpec[]? stages, string[] channels)
    {
        if (stages is null) Fail("preprocessing", "is null (use [] for none)");
        for (int i = 0; i < stages!.Length; i++)
        {
            var s = stages[i];
            string at = $"preprocessing[{i}]";
            if (s is null) Fail(at, "is null");
            if (!Enum.IsDefined(s!.Kind)) Fail($"{at}.kind", $"unknown stage kind {(int)s.Kind}");
            if (!Enum.IsDefined(s.Adapt)) Fail($"{at}.adapt", $"unknown adaptation {(int)s.Adapt}");
            if (s.Warmup < 0) Fail($"{at}.warmup", $"must be ≥ 0, got {s.Warmup}");
            if (s.Channels is null) Fail($"{at}.channels", "is null (use [] for every channel)");
            for (int k = 0; k < s.Channels!.Length; k++)
            {
                if (Array.IndexOf(channels, s.Channels[k]) < 0) Fail($"{at}.channels[{k}]", $"'{s.Channels[k]}' is not one of the bundle's channels");
                if (Array.IndexOf(s.Channels, s.Channels[k]) != k) Fail($"{at}.channels[{k}]", $"'{s.Channels[k]}' is listed twice");
            }
            if (s.Kind == StageKind.Difference)
            {
                if (s.Horizon != 0) Fail($"{at}.horizon", $"must be 0 for a difference, got {s.Horizon}");
                continue;
            }
            if (s.Horizon < 1) Fail($"{at}.horizon", $"must be ≥ 1 frame, got {s.Horizon}");
            if (s.Kind == StageKind.DetrendMedian && s.Horizon > MaxMedianHorizon)
                Fail($"{at}.horizon", $"a rolling median of more than {MaxMedianHorizon} frames is too slow per frame, got {s.Horizon}");
        }
    }

    /// <summary>Largest FFT: 65,536 samples (4 s at 16 kHz) per segment.</summary>
    public const int MaxFftSize = 65_536;

    /// <summary>Checks a front end for a window of the given frames (fields named front_end.*, and window).</summary>
    public static void ValidateFrontEnd(FrontEndSpec f, int window)
    {
        const string at = "front_end";
        if (!Enum.IsDefined(f.Kind)) Fail($"{at}.kind", $"unknown kind {(int)f.Kind}");
        if (!Enum.IsDefined(f.WindowFunction)) Fail($"{at}.window_function", $"unknown window function {(int)f.WindowFunction}");
        if (!Enum.IsDefined(f.Bands)) Fail($"{at}.bands", $"unknown bands {(int)f.Bands}");
        if (!double.IsFinite(f.SampleRate) || f.SampleRate <= 0) Fail($"{at}.sample_rate", $"must be finite and > 0 Hz, got {f.SampleRate}");
        if (f.NFft < 4 || f.NFft > MaxFftSize || (f.NFft & (f.NFft - 1)) != 0) Fail($"{at}.n_fft", $"must be a power of two in 4..{MaxFftSize}, got {f.NFft}");
        if (f.HopLength < 1) Fail($"{at}.hop_length", $"must be ≥ 1 sample, got {f.HopLength}");
        double nyquist = f.SampleRate / 2;
        if (!double.IsFinite(f.Fmin) || f.Fmin < 0) Fail($"{at}.fmin", $"must be finite and ≥ 0 Hz, got {f.Fmin}");
        if (!double.IsFinite(f.Fmax) || f.Fmax < 0 || f.Fmax > nyquist) Fail($"{at}.fmax", $"must be in 0..{nyquist} Hz (half the sample rate; 0 = all of it), got {f.Fmax}");
        if (f.Fmin >= f.UpperFrequency) Fail($"{at}.fmin", $"{f.Fmin} Hz is not below the upper frequency {f.UpperFrequency} Hz");
        if (!double.IsFinite(f.LogEpsilon) || f.LogEpsilon <= 0) Fail($"{at}.log_epsilon", $"must be finite and > 0, got {f.LogEpsilon}");
        if (!double.IsFinite(f.Power) || f.Power <= 0) Fail($"{at}.power", $"must be finite and > 0, got {f.Power}");
        if (window < f.NFft) Fail("window", $"{window} samples are shorter than the front end's n_fft {f.NFft}");
        if (f.Kind == FrontEndKind.LogMel)
        {
            if (f.NMels < 1 || f.NMels > f.NFft / 2 + 1) Fail($"{at}.n_mels", $"must be in 1..{f.NFft / 2 + 1} (the FFT's bins), got {f.NMels}");
            if (f.Frames < 1) Fail($"{at}.frames", $"must be ≥ 1, got {f.Frames}");
            if (f.Bands != SpectrumBands.Bins) Fail($"{at}.bands", "is a spectrum field: leave it at bins for logmel");
            if (f.BandCount != 0) Fail($"{at}.band_count", $"is a spectrum field (set it to 0 for logmel), got {f.BandCount}");
            if (f.OctaveFraction != 0) Fail($"{at}.octave_fraction", $"is a spectrum field (set it to 0 for logmel), got {f.OctaveFraction}");
            if (f.Log) Fail($"{at}.log", "is a spectrum field: logmel always takes the log (set it to false)");
            if (f.Average) Fail($"{at}.average", "is a spectrum field: logmel stacks its frames (set it to false)");
            if (window != f.NaturalWindow)
                Fail("window", $"must be n_fft + (frames − 1) · hop_length = {f.NaturalWindow} samples for the logmel front end, got {window}");
            var bank = Streaming.FrontEnds.MelFilterBank.Create(f.SampleRate, f.NFft, f.NMels, f.Fmin, f.UpperFrequency);
            for (int m = 0; m < bank.Count; m++)
                if (bank.Weights[m].Length == 0)
                    Fail($"{at}.n_mels", $"mel filter {m} ({bank.EdgesHz[m]:0.#}–{bank.EdgesHz[m + 2]:0.#} Hz) covers no FFT bin: fewer mels or a larger n_fft");
            return;
        }
        if (f.Power != 1 && f.Power != 2) Fail($"{at}.power", $"must be 1 (magnitude) or 2 (power) for a spectrum, got {f.Power}");
        if (f.NMels != 0) Fail($"{at}.n_mels", $"is a logmel field (set it to 0 for a spectrum), got {f.NMels}");
        if (f.Frames != 0) Fail($"{at}.frames", $"is a logmel field (set it to 0 for a spectrum), got {f.Frames}");
        if ((window - f.NFft) % f.HopLength != 0)
            Fail("window", $"{window} samples do not hold a whole number of segments of n_fft {f.NFft} every hop_length {f.HopLength} (use n_fft + k · hop_length)");
        switch (f.Bands)
        {
            case SpectrumBands.Linear:
                if (f.BandCount < 1) Fail($"{at}.band_count", $"must be ≥ 1 for linear bands, got {f.BandCount}");
                if (f.OctaveFraction != 0) Fail($"{at}.octave_fraction", $"is only used by octave bands (set it to 0), got {f.OctaveFraction}");
                break;
            case SpectrumBands.Octave:
                if (f.OctaveFraction < 1 || f.OctaveFraction > 24) Fail($"{at}.octave_fraction", $"must be in 1..24 (1 = octaves, 3 = third octaves), got {f.OctaveFraction}");
                if (f.Fmin <= 0) Fail($"{at}.fmin", "must be > 0 Hz for octave bands (the lowest band's mid-band frequency)");
                if (f.BandCount != 0) Fail($"{at}.band_count", $"is only used by linear bands (set it to 0), got {f.BandCount}");
                break;
            default:
                if (f.BandCount != 0) Fail($"{at}.band_count", $"is only used by linear bands (set it to 0), got {f.BandCount}");
                if (f.OctaveFraction != 0) Fail($"{at}.octave_fraction", $"is only used by octave bands (set it to 0), got {f.OctaveFraction}");
                break;
        }
        Streaming.FrontEnds.SpectrumBandTable.Create(f);
    }

    private static void ValidateScore(ScoreSpec? s, int channels)
    {
        if (s is null) Fail("score", "is missing");
        if (!Enum.IsDefined(s!.Metric)) Fail("score.metric", $"unknown metric {(int)s.Metric}");
        if (!Enum.IsDefined(s.Reduction)) Fail("score.reduction", $"unknown reduction {(int)s.Reduction}");
        if (s.Reduction == ScoreReduction.TopK && (s.TopK < 1 || s.TopK > channels))
            Fail("score.top_k", $"must be in 1..{channels} (the channel count) for the top_k reduction, got {s.TopK}");
        if (s.Reduction != ScoreReduction.TopK && s.TopK != 0)
            Fail("score.top_k", $"is only used by the top_k reduction (set it to 0), got {s.TopK}");
        if (!(s.SmoothingAlpha > 0 && s.SmoothingAlpha <= 1))
            Fail("score.smoothing_alpha", $"must be in (0, 1], got {s.SmoothingAlpha}");
        if (s.ChannelNormalization is { } n)
        {
            if (n.Offset.Length != channels) Fail("score.channel_normalization.offset", $"has {n.Offset.Length} values for {channels} channels");
            if (n.Scale.Length != channels) Fail("score.channel_normalization.scale", $"has {n.Scale.Length} values for {channels} channels");
            for (int c = 0; c < channels; c++)
            {
                if (!float.IsFinite(n.Offset[c])) Fail($"score.channel_normalization.offset[{c}]", $"is not finite ({n.Offset[c]})");
                if (!float.IsFinite(n.Scale[c]) || n.Scale[c] <= 0)
                    Fail($"score.channel_normalization.scale[{c}]", $"must be finite and > 0, got {n.Scale[c]}");
            }
        }
    }

    private static void ValidateAdaptive(AdaptiveThresholdSpec a)
    {
        const string at = "thresholds.adaptive";
        if (a.Method != AdaptiveThresholdSpec.DspotMethod) Fail($"{at}.method", $"unknown method '{a.Method}' (allowed: {AdaptiveThresholdSpec.DspotMethod})");
        if (!(a.Risk > 0 && a.Risk < 1)) Fail($"{at}.risk", $"must be in (0, 1), got {a.Risk}");
        if (a.Depth < 1 || a.Depth > 100_000) Fail($"{at}.depth", $"must be in 1..100000 windows, got {a.Depth}");
        if (!(a.InitialLevel > 0 && a.InitialLevel < 1)) Fail($"{at}.initial_level", $"must be in (0, 1), got {a.InitialLevel}");
        if (a.MaxPeaks < 10 || a.MaxPeaks > 100_000) Fail($"{at}.max_peaks", $"must be in 10..100000, got {a.MaxPeaks}");
        if (a.RefitEvery < 1) Fail($"{at}.refit_every", $"must be ≥ 1, got {a.RefitEvery}");
        if (!(a.WarningRatio > 0 && a.WarningRatio <= 1)) Fail($"{at}.warning_ratio", $"must be in (0, 1], got {a.WarningRatio}");
        if (!double.IsFinite(a.InitialThreshold)) Fail($"{at}.initial_threshold", $"is not finite ({a.InitialThreshold})");
        if (a.Recent.Length == 0 || a.Recent.Length > a.Depth) Fail($"{at}.recent", $"must hold 1..depth ({a.Depth}) scores, has {a.Recent.Length}");
        if (a.Peaks.Length < 1 || a.Peaks.Length > a.MaxPeaks) Fail($"{at}.peaks", $"must hold 1..max_peaks ({a.MaxPeaks}) excesses, has {a.Peaks.Length}");
        if (a.Observations < a.Peaks.Length) Fail($"{at}.observations", $"{a.Observations} is fewer than the {a.Peaks.Length} peaks");
        for (int i = 0; i < a.Recent.Length; i++)
            if (!double.IsFinite(a.Recent[i])) Fail($"{at}.recent[{i}]", $"is not finite ({a.Recent[i]})");
        for (int i = 0; i < a.Peaks.Length; i++)
            if (!(a.Peaks[i] > 0) || !double.IsFinite(a.Peaks[i])) Fail($"{at}.peaks[{i}]", $"must be finite and > 0, got {a.Peaks[i]}");
    }

    private static void ValidateDrift(DriftSpec d, int channels)
    {
        if (d.Method != DriftSpec.PageHinkleyMethod) Fail("drift.method", $"unknown method '{d.Method}' (allowed: {DriftSpec.PageHinkleyMethod})");
        if (!(d.Delta >= 0) || !double.IsFinite(d.Delta)) Fail("drift.delta", $"must be finite and ≥ 0, got {d.Delta}");
        if (!(d.Lambda > 0) || !double.IsFinite(d.Lambda)) Fail("drift.lambda", $"must be finite and > 0, got {d.Lambda}");
        if (d.ReferenceOffset.Length != channels) Fail("drift.reference_offset", $"has {d.ReferenceOffset.Length} values for {channels} channels");
        if (d.ReferenceScale.Length != channels) Fail("drift.reference_scale", $"has {d.ReferenceScale.Length} values for {channels} channels");
        for (int c = 0; c < channels; c++)
        {
            if (!float.IsFinite(d.ReferenceOffset[c])) Fail($"drift.reference_offset[{c}]", $"is not finite ({d.ReferenceOffset[c]})");
            if (!float.IsFinite(d.ReferenceScale[c]) || d.ReferenceScale[c] <= 0)
                Fail($"drift.reference_scale[{c}]", $"must be finite and > 0, got {d.ReferenceScale[c]}");
        }
    }

    private static void ValidateThresholds(ThresholdSpec t)
    {
        if (!double.IsFinite(t.Warning) || t.Warning < 0) Fail("thresholds.warning", $"must be finite and ≥ 0, got {t.Warning}");
        if (!double.IsFinite(t.Alarm) || t.Alarm < 0) Fail("thresholds.alarm", $"must be finite and ≥ 0, got {t.Alarm}");
        if (t.Warning > t.Alarm) Fail("thresholds.warning", $"{t.Warning} is above the alarm level {t.Alarm}");
        if (t.RaiseAfter < 1) Fail("thresholds.raise_after", $"must be ≥ 1, got {t.RaiseAfter}");
        if (t.ClearAfter < 1) Fail("thresholds.clear_after", $"must be ≥ 1, got {t.ClearAfter}");
        if (t.Adaptive is not null) ValidateAdaptive(t.Adaptive);
    }

    private static void ValidateProvenance(Provenance? p)
    {
        if (p is null) Fail("provenance", "is missing");
        if (!Enum.IsDefined(p!.Precision)) Fail("provenance.precision", $"unknown precision {(int)p.Precision}");
        if (p.GraphSha256.Length != 64 || !p.GraphSha256.All(Uri.IsHexDigit))
            Fail("provenance.graph_sha256", "must be 64 hex digits");
    }

    private static string Name(TensorLayout layout) => layout.ToString().ToLowerInvariant();

    private static string Text(long[] dims) => "[" + string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString())) + "]";

    [DoesNotReturn]
    private static void Fail(string field, string problem) => throw new BundleException(field, problem);
}
