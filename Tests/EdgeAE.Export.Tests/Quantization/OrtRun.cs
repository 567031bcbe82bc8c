using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Inference;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeAE.Export.Tests.Quantization;

/// <summary>Runs a model through ONNX Runtime for tests (one input, first output).</summary>
internal static class OrtRun
{
    public static float[] Run(ModelProto model, float[] input, long[] dims, out int[] outputDims)
    {
        SessionFactory.EnsureEnvironment();
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model.ToByteArray(), options);
        string name = session.InputMetadata.Keys.First();
        var tensor = new DenseTensor<float>(input, dims.Select(d => (int)d).ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, tensor)]);
        var output = results.First().AsTensor<float>();
        outputDims = output.Dimensions.ToArray();
        return output.ToArray();
    }

    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return v;
    }
}
