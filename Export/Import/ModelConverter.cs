using EdgeAE.Export.Import.Keras;
using EdgeAE.Export.Import.OnnxFiles;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Training;

namespace EdgeAE.Export.Import;

/// <summary>Which importer reads a source model.</summary>
public enum SourceFormat { Keras, Onnx }

/// <summary>What <c>edgeae convert</c> asks for.</summary>
public sealed record ConvertRequest
{
    public required string ModelPath { get; init; }
    public required int Window { get; init; }
    public required int Channels { get; init; }
    /// <summary>Null: inferred from the model input's shape.</summary>
    public TensorLayout? Layout { get; init; }
    public NormalizationKind Normalize { get; init; } = NormalizationKind.None;
    /// <summary>Training data the normalization is fitted on (required unless Normalize is none).</summary>
    public SensorTable? FitData { get; init; }
    public ErrorMetric Metric { get; init; } = ErrorMetric.Mse;
    /// <summary>Null: the fit data's column names, else c0…c{C−1}.</summary>
    public string[]? ChannelNames { get; init; }
    /// <summary>A front end between the window and the model: the model's input is then its output (rows · features per channel).</summary>
    public FrontEndSpec? FrontEnd { get; init; }
    /// <summary>Frames between windows; null = 1 (the front end's natural hop with one).</summary>
    public int? Hop { get; init; }
}

/// <summary>The converted float bundle, ready for <see cref="OnnxModelIO.WriteBundle"/>.</summary>
public sealed record ConvertResult(ModelProto Model, BundleManifest Manifest, SourceFormat Format, ImportSummary Summary);

/// <summary>Imports a Keras or ONNX autoencoder, cleans the graph and describes it with a float bundle manifest.</summary>
public static class ModelConverter
{
    public static SourceFormat Detect(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".h5" or ".hdf5" or ".keras") return SourceFormat.Keras;
        if (ext == ".onnx") return SourceFormat.Onnx;
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: {path}", path);
        var head = new byte[4];
        using (var s = File.OpenRead(path)) s.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        // HDF5 and zip (.keras) announce themselves; anything else is tried as ONNX protobuf.
        return head[0] == 0x89 && head[1] == (byte)'H' || head[0] == (byte)'P' && head[1] == (byte)'K' ? SourceFormat.Keras : SourceFormat.Onnx;
    }

    public static ConvertResult Convert(ConvertRequest request)
    {
        if (request.Window < 1) throw new InputException($"--window must be ≥ 1, got {request.Window}");
        if (request.Channels < 1) throw new InputException($"--channels must be ≥ 1, got {request.Channels}");
        if (!File.Exists(request.ModelPath)) throw new FileNotFoundException($"model file not found: {request.ModelPath}", request.ModelPath);
        if (request.Hop is < 1) throw new InputException($"--hop must be ≥ 1, got {request.Hop}");
        var format = Detect(request.ModelPath);
        if (request.FrontEnd is { } frontEnd) ManifestValidator.ValidateFrontEnd(frontEnd, request.Window);
        // The model sees the front end's output: rows · features positions per channel.
        int modelWindow = request.FrontEnd?.ModelWindow(request.Window) ?? request.Window;
        string windowText = request.FrontEnd is null ? $"--window {request.Window}" : $"the front end's {modelWindow} values per channel";
        // With the layout stated, the window fills axes the model leaves open (e.g. a dynamic time axis).
        long[]? window = request.Layout is { } stated ? ManifestValidator.WindowShape(stated, modelWindow, request.Channels)[1..] : null;
        var model = format == SourceFormat.Keras ? KerasImporter.Import(request.ModelPath, window) : OnnxImporter.Import(request.ModelPath, window);
        var summary = ImportPipeline.Run(model);
        var layout = request.Layout ?? InferLayout(summary.WindowShape, modelWindow, request.Channels);
        long[] expected = ManifestValidator.WindowShape(layout, modelWindow, request.Channels)[1..];
        if (!expected.SequenceEqual(summary.WindowShape))
            throw new InputException($"the model's window shape [{string.Join(",", summary.WindowShape)}] does not fit --layout {LayoutName(layout)} with {windowText} and --channels {request.Channels} (expected [{string.Join(",", expected)}])");

        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var manifest = new BundleManifest
        {
            InputName = model.Graph.Input.First(i => !initializers.Contains(i.Name)).Name,
            OutputName = model.Graph.Output[0].Name,
            Layout = layout,
            Window = request.Window,
            Hop = request.Hop ?? (request.FrontEnd is { Kind: FrontEndKind.LogMel } f ? f.HopLength : 1),
            Channels = ChannelNames(request),
            Normalization = Normalization(request),
            FrontEnd = request.FrontEnd,
            Score = new ScoreSpec { Metric = request.Metric },
            Provenance = new Provenance
            {
                SourceSha256 = OnnxModelFile.FileSha256(request.ModelPath),
                Precision = Precision.Fp32,
                Source = format == SourceFormat.Keras ? "convert keras" : "convert onnx",
            },
        };
        return new ConvertResult(model, manifest, format, summary);
    }

    /// <summary>The layout a per-window shape implies; ambiguous [W, C] vs [C, W] when W = C must be stated.</summary>
    public static TensorLayout InferLayout(long[] windowShape, int window, int channels)
    {
        var candidates = new[] { TensorLayout.Flat, TensorLayout.Nwc, TensorLayout.Ncw, TensorLayout.Nchw }
            .Where(l => ManifestValidator.WindowShape(l, window, channels)[1..].SequenceEqual(windowShape)).ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new InputException($"the model's window shape [{string.Join(",", windowShape)}] fits no layout for --window {window} and --channels {channels} (flat [{window * channels}], nwc [{window},{channels}], ncw [{channels},{window}], nchw [1,{window},{channels}])"),
            _ => throw new InputException($"the model's window shape [{string.Join(",", windowShape)}] fits layouts {string.Join(" and ", candidates.Select(LayoutName))}; pass --layout"),
        };
    }

    private static string[] ChannelNames(ConvertRequest r)
    {
        if (r.ChannelNames is { } names)
        {
            if (names.Length != r.Channels) throw new InputException($"--channel-names lists {names.Length} names for --channels {r.Channels}");
            return names;
        }
        if (r.FitData is { } fit && fit.ChannelCount == r.Channels) return fit.Channels;
        return Enumerable.Range(0, r.Channels).Select(i => $"c{i}").ToArray();
    }

    private static NormalizationSpec Normalization(ConvertRequest r)
    {
        if (r.Normalize == NormalizationKind.None) return new NormalizationSpec();
        var fit = r.FitData ?? throw new InputException($"--normalize {(r.Normalize == NormalizationKind.ZScore ? "zscore" : "minmax")} needs --fit <training data>");
        if (fit.ChannelCount != r.Channels)
            throw new InputException(fit.Source, $"{fit.ChannelCount} channels, --channels says {r.Channels}");
        return NormalizationFit.Fit(fit, r.Normalize);
    }

    public static string LayoutName(TensorLayout layout) => layout.ToString().ToLowerInvariant();
}
