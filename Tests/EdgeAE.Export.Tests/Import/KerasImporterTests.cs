using System.Text.Json.Nodes;
using EdgeAE.Export.Import;
using EdgeAE.Export.Import.Keras;
using EdgeAE.Export.Tests.Passes;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Tests.Import;

public class KerasImporterTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-keras-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private static float[] R(int seed, int n, float scale = 0.5f) => OrtEval.Random(seed, n, scale);

    private static JsonObject O(params (string Key, JsonNode? Value)[] items)
    {
        var o = new JsonObject();
        foreach (var (k, v) in items) o[k] = v;
        return o;
    }

    private static JsonArray A(params int[] v) => new(v.Select(x => (JsonNode?)x).ToArray());

    private static LayerSpec Dense(string name, int inputs, int units, string activation, int seed, bool bias = true) =>
        new("Dense", name, O(("units", units), ("activation", activation), ("use_bias", bias)),
            bias ? [("kernel", R(seed, inputs * units), [inputs, units]), ("bias", R(seed + 1, units), [units])] : [("kernel", R(seed, inputs * units), [inputs, units])]);

    private static LayerSpec Bn(string name, int c, int seed, float eps) =>
        new("BatchNormalization", name, O(("axis", -1), ("epsilon", eps), ("center", true), ("scale", true)),
            ("gamma", R(seed, c), [c]), ("beta", R(seed + 1, c), [c]), ("moving_mean", R(seed + 2, c), [c]), ("moving_variance", OrtEval.Positive(seed + 3, c), [c]));

    private static float[] W(LayerSpec l, string name) => l.Weights.First(w => w.Name == name).Data;

    [Test]
    public void Keras2SequentialDense_AllActivations_MatchReference()
    {
        var d1 = Dense("d1", 6, 5, "relu", 1);
        var bn = Bn("bn", 5, 10, 0.01f);
        var d2 = Dense("d2", 5, 4, "tanh", 20);
        var d3 = Dense("d3", 4, 5, "softplus", 30, bias: false);
        var d4 = Dense("d4", 5, 3, "leaky_relu", 40);
        var d5 = Dense("d5", 3, 6, "sigmoid", 50);
        string path = KerasFiles.Keras2Sequential(Path.Combine(dir, "dense.h5"), [6],
            d1, bn, new("Dropout", "drop", O(("rate", 0.5))), d2, new("Activation", "act", O(("activation", "elu"))),
            d3, new("GaussianNoise", "noise", O(("stddev", 0.1))), d4, d5);

        var model = KerasImporter.Import(path);
        var summary = ImportPipeline.Run(model);

        Assert.That(summary.BatchNormsFolded, Is.EqualTo(1));
        Assert.That(summary.WindowShape, Is.EqualTo(new long[] { 6 }));
        var x = R(99, 18, 2f);
        var y = OrtEval.Run(model, x, 3, 6);
        for (int n = 0; n < 3; n++)
        {
            var h = KerasReference.Activate("relu", KerasReference.Dense(x[(n * 6)..(n * 6 + 6)], W(d1, "kernel"), W(d1, "bias")));
            h = KerasReference.BatchNorm(h, 5, W(bn, "gamma"), W(bn, "beta"), W(bn, "moving_mean"), W(bn, "moving_variance"), 0.01f);
            h = KerasReference.Activate("elu", KerasReference.Activate("tanh", KerasReference.Dense(h, W(d2, "kernel"), W(d2, "bias"))));
            h = KerasReference.Activate("softplus", KerasReference.Dense(h, W(d3, "kernel"), new float[5]));
            h = KerasReference.Activate("leaky_relu", KerasReference.Dense(h, W(d4, "kernel"), W(d4, "bias")));
            h = KerasReference.Activate("sigmoid", KerasReference.Dense(h, W(d5, "kernel"), W(d5, "bias")));
            OrtEval.AssertClose(h, y[(n * 6)..(n * 6 + 6)]);
        }
    }

    [Test]
    public void Keras2FunctionalConv1dChain_WithFlattenOrder_MatchesReference()
    {
        var c1 = new LayerSpec("Conv1D", "c1", O(("filters", 3), ("kernel_size", A(3)), ("strides", A(1)), ("padding", "same"), ("activation", "relu"), ("use_bias", true)),
            ("kernel", R(1, 3 * 2 * 3), [3, 2, 3]), ("bias", R(2, 3), [3]));
        var bn = Bn("bn", 3, 10, 0.001f);
        var c2 = new LayerSpec("Conv1D", "c2", O(("filters", 2), ("kernel_size", A(3)), ("strides", A(2)), ("padding", "same"), ("activation", "linear")),
            ("kernel", R(3, 3 * 3 * 2), [3, 3, 2]), ("bias", R(4, 2), [2]));
        var t1 = new LayerSpec("Conv1DTranspose", "t1", O(("filters", 3), ("kernel_size", A(3)), ("strides", A(2)), ("padding", "same"), ("activation", "relu")),
            ("kernel", R(5, 3 * 3 * 2), [3, 3, 2]), ("bias", R(6, 3), [3]));
        var c3 = new LayerSpec("Conv1D", "c3", O(("filters", 2), ("kernel_size", 3), ("padding", "causal"), ("activation", "tanh")),
            ("kernel", R(7, 3 * 3 * 2), [3, 3, 2]), ("bias", R(8, 2), [2]));
        var d = Dense("d", 16, 16, "linear", 9);
        string path = KerasFiles.Keras2Functional(Path.Combine(dir, "conv1d.h5"), [8, 2],
            c1, new("MaxPooling1D", "pool", O(("pool_size", A(2)), ("strides", A(2)), ("padding", "valid"))), bn,
            new("UpSampling1D", "up", O(("size", 2))), new("ZeroPadding1D", "pad", O(("padding", A(1, 2)))),
            new("Cropping1D", "crop", O(("cropping", A(2, 1)))), c2, t1, c3,
            new("Flatten", "flat", O(("data_format", "channels_last"))), d, new("Reshape", "reshape", O(("target_shape", A(8, 2)))));

        var model = KerasImporter.Import(path);
        var summary = ImportPipeline.Run(model);

        Assert.That(summary.WindowShape, Is.EqualTo(new long[] { 8, 2 }));
        var x = R(77, 2 * 16, 2f);
        var y = OrtEval.Run(model, x, 2, 8, 2);
        for (int n = 0; n < 2; n++)
        {
            var h = new Nhwc(x[(n * 16)..(n * 16 + 16)], 1, 8, 2);
            h = Act("relu", KerasReference.Conv(h, W(c1, "kernel"), 1, 3, 3, W(c1, "bias"), 1, 1, "same"));
            h = KerasReference.MaxPool(h, 1, 2, "valid");
            h = h with { Data = KerasReference.BatchNorm(h.Data, 3, W(bn, "gamma"), W(bn, "beta"), W(bn, "moving_mean"), W(bn, "moving_variance"), 0.001f) };
            h = KerasReference.Crop(KerasReference.Pad(KerasReference.UpSample(h, 1, 2), 0, 0, 1, 2), 0, 0, 2, 1);
            h = KerasReference.Conv(h, W(c2, "kernel"), 1, 3, 2, W(c2, "bias"), 1, 2, "same");
            h = Act("relu", KerasReference.ConvTranspose(h, W(t1, "kernel"), 1, 3, 3, W(t1, "bias"), 1, 2, "same"));
            h = Act("tanh", KerasReference.Conv(KerasReference.Pad(h, 0, 0, 2, 0), W(c3, "kernel"), 1, 3, 2, W(c3, "bias"), 1, 1, "valid"));
            // Flatten is channels-last (time-major): exactly h.Data's order.
            var expected = KerasReference.Dense(h.Data, W(d, "kernel"), W(d, "bias"));
            OrtEval.AssertClose(expected, y[(n * 16)..(n * 16 + 16)]);
        }
    }

    [Test]
    public void Keras3Conv2dChain_PositionalWeights_MatchesReference()
    {
        var c1 = new LayerSpec("Conv2D", "encoder_conv", O(("filters", 2), ("kernel_size", A(3, 3)), ("strides", A(1, 1)), ("padding", "same"),
                ("activation", O(("module", "keras.activations"), ("class_name", "function"), ("config", "relu"))), ("data_format", "channels_last")),
            ("kernel", R(1, 3 * 3 * 1 * 2), [3, 3, 1, 2]), ("bias", R(2, 2), [2]));
        var bn = Bn("bn", 2, 10, 0.001f);
        var t1 = new LayerSpec("Conv2DTranspose", "up_conv", O(("filters", 2), ("kernel_size", A(3, 3)), ("strides", A(2, 2)), ("padding", "same"), ("activation", "linear")),
            ("kernel", R(3, 3 * 3 * 2 * 2), [3, 3, 2, 2]), ("bias", R(4, 2), [2]));
        var c2 = new LayerSpec("Conv2D", "squeeze", O(("filters", 1), ("kernel_size", A(2, 2)), ("padding", "valid"), ("activation", "linear"), ("use_bias", false)),
            ("kernel", R(5, 2 * 2 * 2), [2, 2, 2, 1]));
        var t2 = new LayerSpec("Conv2DTranspose", "grow", O(("filters", 1), ("kernel_size", A(2, 2)), ("strides", A(1, 1)), ("padding", "valid"), ("activation", "sigmoid")),
            ("kernel", R(6, 4), [2, 2, 1, 1]), ("bias", R(7, 1), [1]));
        string path = KerasFiles.Keras3Functional(Path.Combine(dir, "conv2d.keras"), [4, 4, 1],
            c1, new("MaxPooling2D", "pool", O(("pool_size", A(2, 2)), ("padding", "valid"))), bn, t1,
            new("ZeroPadding2D", "pad", O(("padding", new JsonArray(A(1, 0), A(0, 1))))),
            new("Cropping2D", "crop", O(("cropping", new JsonArray(A(0, 1), A(1, 0))))), c2, t2);

        var model = KerasImporter.Import(path);
        var summary = ImportPipeline.Run(model);

        Assert.That(summary.BatchNormsFolded, Is.EqualTo(1));
        var x = R(55, 2 * 16, 2f);
        var y = OrtEval.Run(model, x, 2, 4, 4, 1);
        for (int n = 0; n < 2; n++)
        {
            var h = new Nhwc(x[(n * 16)..(n * 16 + 16)], 4, 4, 1);
            h = Act("relu", KerasReference.Conv(h, W(c1, "kernel"), 3, 3, 2, W(c1, "bias"), 1, 1, "same"));
            h = KerasReference.MaxPool(h, 2, 2, "valid");
            h = h with { Data = KerasReference.BatchNorm(h.Data, 2, W(bn, "gamma"), W(bn, "beta"), W(bn, "moving_mean"), W(bn, "moving_variance"), 0.001f) };
            h = KerasReference.ConvTranspose(h, W(t1, "kernel"), 3, 3, 2, W(t1, "bias"), 2, 2, "same");
            h = KerasReference.Crop(KerasReference.Pad(h, 1, 0, 0, 1), 0, 1, 1, 0);
            h = KerasReference.Conv(h, W(c2, "kernel"), 2, 2, 1, null, 1, 1, "valid");
            h = Act("sigmoid", KerasReference.ConvTranspose(h, W(t2, "kernel"), 2, 2, 1, W(t2, "bias"), 1, 1, "valid"));
            OrtEval.AssertClose(h.Data, y[(n * 16)..(n * 16 + 16)]);
        }
    }

    [Test]
    public void DensePerTimestep_WithBatchNorm_OnSequence_MatchesReference()
    {
        var d1 = Dense("d1", 3, 5, "linear", 1);
        var bn = Bn("bn", 5, 10, 0.001f);
        var d2 = Dense("d2", 5, 3, "linear", 20);
        string path = KerasFiles.Keras2Sequential(Path.Combine(dir, "seq.h5"), [4, 3], d1, bn, new("Activation", "act", O(("activation", "relu"))), d2);

        var model = KerasImporter.Import(path);
        ImportPipeline.Run(model);

        Assert.That(model.Graph.Node.Select(n => n.OpType), Has.No.Member("Transpose"));
        var x = R(5, 24, 2f);
        var y = OrtEval.Run(model, x, 2, 4, 3);
        for (int row = 0; row < 8; row++)
        {
            var h = KerasReference.Dense(x[(row * 3)..(row * 3 + 3)], W(d1, "kernel"), W(d1, "bias"));
            h = KerasReference.Activate("relu", KerasReference.BatchNorm(h, 5, W(bn, "gamma"), W(bn, "beta"), W(bn, "moving_mean"), W(bn, "moving_variance"), 0.001f));
            OrtEval.AssertClose(KerasReference.Dense(h, W(d2, "kernel"), W(d2, "bias")), y[(row * 3)..(row * 3 + 3)]);
        }
    }

    [Test]
    public void Keras3Sequential_BnWithoutScale_PositionalVariablesMapped()
    {
        var d1 = new LayerSpec("Dense", "encoder", O(("units", 3), ("activation", O(("module", "keras.activations"), ("class_name", "function"), ("config", "tanh")))),
            ("kernel", R(1, 12), [4, 3]), ("bias", R(2, 3), [3]));
        // scale=False: Keras 3 stores [beta, moving_mean, moving_variance] as vars/0..2.
        var bn = new LayerSpec("BatchNormalization", "bn", O(("axis", -1), ("epsilon", 0.01), ("center", true), ("scale", false)),
            ("beta", R(3, 3), [3]), ("moving_mean", R(4, 3), [3]), ("moving_variance", OrtEval.Positive(5, 3), [3]));
        var d2 = new LayerSpec("Dense", "decoder", O(("units", 4), ("activation", "linear")), ("kernel", R(6, 12), [3, 4]), ("bias", R(7, 4), [4]));
        string path = KerasFiles.Keras3Sequential(Path.Combine(dir, "seq.keras"), [4], d1, bn, d2);

        var model = KerasImporter.Import(path);
        Assert.That(ImportPipeline.Run(model).BatchNormsFolded, Is.EqualTo(1));

        var x = R(8, 4, 2f);
        var h = KerasReference.Activate("tanh", KerasReference.Dense(x, W(d1, "kernel"), W(d1, "bias")));
        h = KerasReference.BatchNorm(h, 3, [1, 1, 1], W(bn, "beta"), W(bn, "moving_mean"), W(bn, "moving_variance"), 0.01f);
        OrtEval.AssertClose(KerasReference.Dense(h, W(d2, "kernel"), W(d2, "bias")), OrtEval.Run(model, x, 1, 4));
    }

    [TestCase("selu")]
    [TestCase("swish")]
    public void ExtraActivations_MatchReference(string activation)
    {
        var d = Dense("d", 4, 4, activation, 3);
        string path = KerasFiles.Keras2Sequential(Path.Combine(dir, "act.h5"), [4], d);
        var x = R(4, 4, 2f);
        var y = OrtEval.Run(KerasImporter.Import(path), x, 1, 4);
        OrtEval.AssertClose(KerasReference.Activate(activation, KerasReference.Dense(x, W(d, "kernel"), W(d, "bias"))), y);
    }

    [TestCase("valid", 2, 3)]
    [TestCase("valid", 4, 2)]
    [TestCase("same", 1, 2)]
    [TestCase("same", 4, 2)]
    [TestCase("same", 5, 3)]
    public void Conv1DTranspose_OutputSizeAndPlacement_MatchTensorFlow(string padding, int kernel, int stride)
    {
        var t = new LayerSpec("Conv1DTranspose", "t", O(("filters", 2), ("kernel_size", kernel), ("strides", stride), ("padding", padding)),
            ("kernel", R(1, kernel * 2 * 3), [kernel, 2, 3]), ("bias", R(2, 2), [2]));
        string path = KerasFiles.Keras2Sequential(Path.Combine(dir, "t.h5"), [5, 3], t);
        var model = KerasImporter.Import(path);
        var x = R(3, 15, 1f);
        var (y, shape) = OrtEval.RunWithShape(model, x, 1, 5, 3);
        var expected = KerasReference.ConvTranspose(new Nhwc(x, 1, 5, 3), W(t, "kernel"), 1, kernel, 2, W(t, "bias"), 1, stride, padding);
        Assert.That(shape, Is.EqualTo(new long[] { 1, expected.W, 2 }));
        OrtEval.AssertClose(expected.Data, y);
    }

    [Test]
    public void SamePaddingMaxPool_IgnoresPaddedCells()
    {
        string path = KerasFiles.Keras2Sequential(Path.Combine(dir, "p.h5"), [5, 1],
            new LayerSpec("MaxPooling1D", "p", O(("pool_size", 2), ("padding", "same"))));
        var model = KerasImporter.Import(path);
        var x = new float[] { -5, -4, -3, -2, -1 };
        Assert.That(OrtEval.Run(model, x, 1, 5, 1), Is.EqualTo(new float[] { -4, -2, -1 }));
    }

    [TestCase("LSTM", "{\"units\": 4}", "layer 'bad' (LSTM): unsupported layer class LSTM")]
    [TestCase("Dense", "{\"units\": 6, \"activation\": \"hard_sigmoid\"}", "layer 'bad' (Dense): unsupported activation=hard_sigmoid")]
    [TestCase("Conv1D", "{\"filters\": 6, \"kernel_size\": 1, \"data_format\": \"channels_first\"}", "layer 'bad' (Conv1D): unsupported data_format=channels_first")]
    [TestCase("UpSampling1D", "{\"size\": 2, \"interpolation\": \"bilinear\"}", "layer 'bad' (UpSampling1D): unsupported interpolation=bilinear")]
    public void UnsupportedLayerOrOption_NamesLayerClassAndOption(string cls, string options, string message)
    {
        var layer = new LayerSpec(cls, "bad", (JsonObject)JsonNode.Parse(options)!, ("kernel", R(1, 36), [6, 6]), ("bias", R(2, 6), [6]));
        string path = KerasFiles.Keras2Functional(Path.Combine(dir, "bad.h5"), [6], layer);
        var e = Assert.Throws<InputException>(() => KerasImporter.Import(path));
        Assert.That(e!.Message, Is.EqualTo(message));
    }

    [Test]
    public void TwoInputsToANonMergeLayer_IsRejectedWithTheLayerName()
    {
        string json = """
        {"class_name": "Functional", "config": {"name": "m", "layers": [
          {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 4], "name": "in"}, "inbound_nodes": []},
          {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 4}, "inbound_nodes": [[["in", 0, 0, {}], ["in", 0, 0, {}]]]}],
          "input_layers": [["in", 0, 0]], "output_layers": [["d", 0, 0]]}}
        """;
        var e = Assert.Throws<InputException>(() => KerasModelConfig.Parse(json, "m.h5"));
        Assert.That(e!.Message, Does.StartWith("layer 'd' (Dense): has 2 inbound tensors; only merge layers"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void DenseSkipConnections_AddConcatenateAverage_MatchReference(bool keras3)
    {
        var a = Dense("a", 6, 4, "relu", 1);
        var b = Dense("b", 4, 4, "tanh", 3);
        var c = Dense("c", 6, 4, "linear", 5) with { From = ["input"] };
        var add = new LayerSpec("Add", "add", O()) { From = ["a", "b"] };
        var avg = new LayerSpec("Average", "avg", O()) { From = ["add", "c", "a"] };
        var cat = new LayerSpec("Concatenate", "cat", O(("axis", -1))) { From = ["avg", "b"] };
        var o = Dense("out", 8, 6, "sigmoid", 7);
        var layers = new[] { a, b, c, add, avg, cat, o };
        string path = keras3
            ? KerasFiles.Keras3Functional(Path.Combine(dir, "skip.keras"), [6], layers)
            : KerasFiles.Keras2Functional(Path.Combine(dir, "skip.h5"), [6], layers);

        var model = KerasImporter.Import(path);
        ImportPipeline.Run(model);

        var x = R(9, 6, 2f);
        var ha = KerasReference.Activate("relu", KerasReference.Dense(x, W(a, "kernel"), W(a, "bias")));
        var hb = KerasReference.Activate("tanh", KerasReference.Dense(ha, W(b, "kernel"), W(b, "bias")));
        var hc = KerasReference.Dense(x, W(c, "kernel"), W(c, "bias"));
        var havg = ha.Select((v, i) => (v + hb[i] + hc[i] + v) / 3f).ToArray();
        var expected = KerasReference.Activate("sigmoid", KerasReference.Dense([.. havg, .. hb], W(o, "kernel"), W(o, "bias")));
        OrtEval.AssertClose(expected, OrtEval.Run(model, x, 1, 6));
    }

    [Test]
    public void ConvSkipConnection_StaysChannelsFirst_MatchesReference()
    {
        var c1 = new LayerSpec("Conv1D", "c1", O(("filters", 3), ("kernel_size", 3), ("padding", "same"), ("activation", "relu")),
            ("kernel", R(1, 18), [3, 2, 3]), ("bias", R(2, 3), [3]));
        var c2 = new LayerSpec("Conv1D", "c2", O(("filters", 3), ("kernel_size", 3), ("padding", "same")),
            ("kernel", R(3, 27), [3, 3, 3]), ("bias", R(4, 3), [3]));
        var add = new LayerSpec("Add", "add", O()) { From = ["c1", "c2"] };
        var cat = new LayerSpec("Concatenate", "cat", O(("axis", -1))) { From = ["add", "c1"] };
        var c3 = new LayerSpec("Conv1D", "c3", O(("filters", 2), ("kernel_size", 1)), ("kernel", R(5, 12), [1, 6, 2]), ("bias", R(6, 2), [2]));
        string path = KerasFiles.Keras2Functional(Path.Combine(dir, "unet.h5"), [6, 2], c1, c2, add, cat, c3);

        var model = KerasImporter.Import(path);
        ImportPipeline.Run(model);

        Assert.That(model.Graph.Node.Count(n => n.OpType == "Transpose"), Is.EqualTo(2), "one in, one out");
        var x = R(7, 12, 2f);
        var h1 = Act("relu", KerasReference.Conv(new Nhwc(x, 1, 6, 2), W(c1, "kernel"), 1, 3, 3, W(c1, "bias"), 1, 1, "same"));
        var h2 = KerasReference.Conv(h1, W(c2, "kernel"), 1, 3, 3, W(c2, "bias"), 1, 1, "same");
        var catData = new float[6 * 6];
        for (int t = 0; t < 6; t++)
            for (int ch = 0; ch < 3; ch++)
            {
                catData[t * 6 + ch] = h1[0, t, ch] + h2[0, t, ch];
                catData[t * 6 + 3 + ch] = h1[0, t, ch];
            }
        var expected = KerasReference.Conv(new Nhwc(catData, 1, 6, 6), W(c3, "kernel"), 1, 1, 2, W(c3, "bias"), 1, 1, "valid");
        OrtEval.AssertClose(expected.Data, OrtEval.Run(model, x, 1, 6, 2));
    }

    [TestCase("Conv2DTranspose", "conv2d_transpose")]
    [TestCase("Conv1D", "conv1d")]
    [TestCase("BatchNormalization", "batch_normalization")]
    [TestCase("InputLayer", "input_layer")]
    [TestCase("Dense", "dense")]
    public void SnakeCase_MatchesKerasNaming(string cls, string expected) => Assert.That(KerasWeights.SnakeCase(cls), Is.EqualTo(expected));

    [Test]
    public void NotAModelFile_OneLine()
    {
        string path = Path.Combine(dir, "x.h5");
        File.WriteAllText(path, "hello");
        var e = Assert.Throws<InputException>(() => KerasImporter.Import(path));
        Assert.That(e!.Message, Does.Contain("neither an HDF5"));
    }

    private static Nhwc Act(string name, Nhwc x) => x with { Data = KerasReference.Activate(name, x.Data) };
    [Test]
    public void AnHdf5FileThePathReaderNeverFinishedIsAOneLineError()
    {
        // Found by afl-fuzz: PureHDF's path-based reader never returned on it (Tests/Fuzz/open/README.md).
        string path = Path.Combine(SharedData.RepoRoot(), "Tests", "Fuzz", "regressions", "keras", "purehdf-blocks-forever.h5");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<InputException>(() => KerasImporter.Import(path));
        Assert.That(e!.Message, Does.StartWith($"{path}: truncated or damaged Keras file: "));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void TheReadBudgetEndsEndlessReading()
    {
        using var stream = new ReadBudgetStream(new MemoryStream(new byte[100]), budget: 250);
        var buffer = new byte[100];
        for (int pass = 0; pass < 2; pass++)
        {
            stream.Position = 0;
            Assert.That(stream.Read(buffer), Is.EqualTo(100));
        }
        stream.Position = 0;
        var e = Assert.Throws<InvalidDataException>(() => stream.ReadExactly(buffer));
        Assert.That(e!.Message, Does.Contain("went over 250 bytes for a 100-byte file"));
    }
}
