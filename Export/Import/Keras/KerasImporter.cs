using System.IO.Compression;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;
using PureHDF;

namespace EdgeAE.Export.Import.Keras;

/// <summary>
/// Converts a trained Keras model — Keras 2 HDF5 (<c>.h5</c>: root attribute <c>model_config</c> plus
/// <c>model_weights</c>) or Keras 3 (<c>.keras</c>: zip of <c>config.json</c> and <c>model.weights.h5</c>) —
/// into an ONNX graph with input "input" and output "output", both [N, Keras per-sample shape…].
/// BatchNormalization layers are emitted as ONNX BatchNormalization; run the import passes to fold them.
/// </summary>
public static class KerasImporter
{
    public const string InputName = "input";
    public const string OutputName = "output";

    private static readonly byte[] Hdf5Magic = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <param name="windowShape">
    /// Per-window shape (batch excluded) to use for input axes the model leaves open (None), e.g. a
    /// fully convolutional model saved with input shape (None, C). Known axes are not changed.
    /// </param>
    public static ModelProto Import(string path, long[]? windowShape = null)
    {
        byte[] head = new byte[8];
        using (var probe = OpenRead(path))
            probe.ReadAtLeast(head, 8, throwOnEndOfStream: false);
        if (head[0] == (byte)'P' && head[1] == (byte)'K') return Damaged(path, () => ImportKeras3(path, windowShape));
        if (head.AsSpan().SequenceEqual(Hdf5Magic)) return Damaged(path, () => ImportKeras2(path, windowShape));
        throw new InputException(path, $"neither an HDF5 (.h5) nor a zip (.keras) file");
    }

    /// <summary>
    /// PureHDF reads lazily and fails deep inside on a truncated or damaged file with exceptions of its
    /// own (System.Exception "The file is too small", EndOfStreamException, …): one line in the user's terms
    /// instead. That includes OutOfMemoryException: a damaged length field makes PureHDF ask for an array
    /// beyond the supported size (found by fuzzing: Tests/Fuzz/regressions/keras/), and the zip reader's
    /// InvalidDataException for a damaged central directory. Our own errors (an unsupported layer, a
    /// missing group) already speak the user's terms and pass through unchanged.
    /// </summary>
    private static ModelProto Damaged(string path, Func<ModelProto> import)
    {
        try
        {
            return import();
        }
        catch (Exception e) when (e is not (InputException or InvalidParameterException))
        {
            throw new InputException(path, $"truncated or damaged Keras file: {e.Message.Split('\n')[0].TrimEnd('.')} (copy it again, or save the model again with model.save)", e);
        }
    }

    /// <summary>Keras 2 HDF5 (also what Keras 3 writes for <c>model.save("x.h5")</c>).</summary>
    public static ModelProto ImportKeras2(string path, long[]? windowShape = null)
    {
        using var file = OpenHdf5(path);
        if (!file.AttributeExists("model_config"))
            throw new InputException(path, $"no 'model_config' attribute (a weights-only file? save the whole model with model.save)");
        var config = KerasModelConfig.Parse(file.Attribute("model_config").Read<string>(), path);
        if (!file.LinkExists("model_weights"))
            throw new InputException(path, $"no 'model_weights' group");
        var weights = KerasWeights.FromKeras2(file.Group("model_weights"), config);
        return Build(config, weights, path, windowShape);
    }

    /// <summary>Keras 3 native <c>.keras</c> archive.</summary>
    public static ModelProto ImportKeras3(string path, long[]? windowShape = null)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(path, $"not a readable .keras archive ({e.Message})", e);
        }
        using (zip)
        {
            var configEntry = zip.GetEntry("config.json") ?? throw new InputException(path, $".keras archive has no config.json");
            var weightsEntry = zip.GetEntry("model.weights.h5") ?? throw new InputException(path, $".keras archive has no model.weights.h5");
            string json;
            using (var reader = new StreamReader(configEntry.Open()))
                json = reader.ReadToEnd();
            var config = KerasModelConfig.Parse(json, path);
            // PureHDF needs a seekable stream; weight files of edge autoencoders are small.
            var buffer = new MemoryStream();
            using (var s = weightsEntry.Open())
                s.CopyTo(buffer);
            buffer.Position = 0;
            using var h5 = H5File.Open(new ReadBudgetStream(buffer, ReadBudget(buffer.Length)), leaveOpen: false);
            return Build(config, KerasWeights.FromKeras3(h5, config), path, windowShape);
        }
    }

    private static ModelProto Build(KerasModelConfig config, KerasWeights weights, string what, long[]? windowShape)
    {
        int[] inputShape = config.InputShape;
        if (windowShape is not null && windowShape.Length == inputShape.Length)
            inputShape = inputShape.Select((d, i) => d < 1 ? checked((int)windowShape[i]) : d).ToArray();
        if (inputShape.Length == 0 || inputShape.Any(d => d < 1))
            throw new InputException(what, $"the model input shape [{string.Join(",", inputShape.Select(d => d < 1 ? "None" : d.ToString()))}] must be fully known besides the batch (give --layout so --window/--channels can fill it)");
        var g = new GraphBuilder("keras_import");
        var converter = new KerasLayerConverter(g, weights);
        var tensors = new Dictionary<string, KerasTensor>(StringComparer.Ordinal)
        {
            [config.InputName] = new KerasTensor(g.Input(InputName, [-1, .. inputShape.Select(d => (long)d)]), inputShape, false),
        };
        foreach (var layer in config.Layers)
        {
            var inputs = layer.Inbound.Select(name => tensors[name]).ToList();
            tensors[layer.Name] = KerasModelConfig.MergeLayers.Contains(layer.ClassName)
                ? converter.Merge(layer, inputs)
                : converter.Convert(layer, inputs[0]);
        }
        var x = tensors[config.OutputName];
        x = converter.ChannelsLast(x);
        if (x.Name == InputName || g.Graph.Node.Count == 0 || g.Graph.Node[^1].Output[0] != x.Name)
            g.Node("Identity", [x.Name]);
        g.RenameLastOutput(OutputName);
        g.Output(OutputName, [-1, .. x.Shape.Select(d => (long)d)]);
        var model = g.Build();
        model.DocString = $"converted from Keras {config.ModelClass} model";
        return model;
    }

    private static FileStream OpenRead(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>Bytes PureHDF may read from a file of <paramref name="length"/> bytes: its structures are read a few times over, never 64 times.</summary>
    private static long ReadBudget(long length) => 64 * length + (16 << 20);

    private static PureHDF.VOL.Native.NativeFile OpenHdf5(string path)
    {
        try
        {
            var stream = File.OpenRead(path);
            return H5File.Open(new ReadBudgetStream(stream, ReadBudget(stream.Length)), leaveOpen: false);
        }
        catch (Exception e) when (e is not InputException and not OutOfMemoryException)
        {
            // Through a stream PureHDF reports a cut-off file as reading past its end.
            throw new InputException(path, $"truncated or damaged Keras file: {e.Message.Split('\n')[0].TrimEnd('.')} (copy it again, or save the model again with model.save)", e);
        }
    }
}
