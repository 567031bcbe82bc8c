using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Streaming;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeAE.Export.Tests.Quantization;

public class BiasCorrectionTests
{
    /// <summary>
    /// Per output channel (per output value for a flat model), the mean over the windows of the
    /// reconstruction, run the way the device runs it (EdgeAE's session options: full optimization,
    /// fused integer kernels, exact x64 int8 precision).
    /// </summary>
    private static double[] ChannelMeans(ModelProto model, SensorTable data)
    {
        var manifest = OnnxModelIO.ReadManifest(model)!;
        var (windows, _) = WindowExtractor.Extract(data, manifest);
        int count = windows.Length / manifest.ModelValues;
        int[] shape = manifest.Layout == TensorLayout.Flat ? [count, manifest.ModelValues] : [count, manifest.Channels.Length, manifest.Window];
        SessionFactory.EnsureEnvironment();
        using var options = SessionFactory.CreateOptions(new InferenceSettings());
        using var session = new InferenceSession(model.ToByteArray(), options);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), new DenseTensor<float>(windows, shape))]);
        var output = results.First().AsTensor<float>();
        var values = output.ToArray();
        int channels = output.Dimensions[1], inner = output.Dimensions.Length > 2 ? output.Dimensions[2] : 1;
        var sum = new double[channels];
        for (int i = 0; i < values.Length; i++) sum[i / inner % channels] += values[i];
        return sum.Select(s => s / (values.Length / channels)).ToArray();
    }

    private static double WorstShift(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    [TestCase(true)]
    [TestCase(false)]
    public void Int8MeanReconstructionPerChannelMatchesFloatOnTheCalibrationData(bool conv)
    {
        var fit = QuantTestModels.Sensors(1500, 1);
        var model = conv ? QuantTestModels.ConvBundle(fit) : QuantTestModels.DenseBundle(fit);
        var calibration = QuantTestModels.Sensors(1500, 2);
        var corrected = Int8Quantizer.Quantize(model, calibration, new QuantizationOptions());
        var plain = Int8Quantizer.Quantize(model, calibration, new QuantizationOptions { BiasCorrection = false });

        var reference = ChannelMeans(model, calibration);
        double before = WorstShift(ChannelMeans(plain.Bundle, calibration), reference);
        double after = WorstShift(ChannelMeans(corrected.Bundle, calibration), reference);
        TestContext.Out.WriteLine($"worst per-channel mean shift of the reconstruction: {before:G4} without, {after:G4} with bias correction");
        Assert.That(before, Is.GreaterThan(0), "int8 must shift some channel's mean for this test to say anything");
        Assert.That(after, Is.LessThan(before / 3), "the correction takes most of the shift away");
        Assert.That(corrected.Manifest.Provenance.Quantization!.BiasCorrection, Is.True);
        Assert.That(plain.Manifest.Provenance.Quantization!.BiasCorrection, Is.False);
        Assert.That(corrected.Notes, Has.Some.StartsWith("bias correction: "));
    }

    /// <summary>The correction moves biases and nothing else: weights, scales and zero points are the same tensors.</summary>
    [Test]
    public void OnlyBiasesChange()
    {
        var fit = QuantTestModels.Sensors(1500, 1);
        var model = QuantTestModels.ConvBundle(fit);
        var calibration = QuantTestModels.Sensors(1500, 2);
        var options = new QuantizationOptions { CompactNames = false };
        var corrected = Int8Quantizer.Quantize(model, calibration, options).Bundle.Graph;
        var plain = Int8Quantizer.Quantize(model, calibration, options with { BiasCorrection = false }).Bundle.Graph;

        Assert.That(corrected.Node.Select(n => n.ToString()), Is.EqualTo(plain.Node.Select(n => n.ToString())), "same graph");
        var biases = corrected.Node.Where(n => n.OpType == "Conv" && n.Input.Count > 2).Select(n => n.Input[2]).ToHashSet();
        var before = plain.Initializer.ToDictionary(t => t.Name);
        int moved = 0;
        foreach (var t in corrected.Initializer)
        {
            bool same = t.Equals(before[t.Name]);
            if (biases.Contains(t.Name)) moved += same ? 0 : 1;
            else Assert.That(same, Is.True, $"{t.Name} is not a bias and must not change");
        }
        Assert.That(moved, Is.EqualTo(biases.Count), "every Conv bias moved");
    }

    [Test]
    public void SameDataGiveTheSameBytes()
    {
        var fit = QuantTestModels.Sensors(1500, 1);
        var model = QuantTestModels.ConvBundle(fit);
        var calibration = QuantTestModels.Sensors(1500, 2);
        static byte[] Graph(QuantizationResult r) => Google.Protobuf.MessageExtensions.ToByteArray(r.Bundle.Graph);
        Assert.That(Graph(Int8Quantizer.Quantize(model, calibration, new QuantizationOptions())),
            Is.EqualTo(Graph(Int8Quantizer.Quantize(model, calibration, new QuantizationOptions()))));
    }

    [TestCase(10, 4, new[] { 0, 3, 6, 9 })]
    [TestCase(8, 4, new[] { 0, 2, 4, 6 })]
    [TestCase(3, 4, new[] { 0, 1, 2 })]
    public void SubsampleKeepsEveryKthWindowInOrder(int count, int max, int[] expected)
    {
        const int values = 3;
        var windows = Enumerable.Range(0, count * values).Select(i => (float)(i / values)).ToArray();
        var picked = BiasCorrection.Subsample(windows, values, max);
        Assert.That(Enumerable.Range(0, picked.Length / values).Select(i => (int)picked[i * values]), Is.EqualTo(expected));
        Assert.That(picked.Where((v, i) => v != picked[i - i % values]), Is.Empty, "whole windows");
    }
}
