using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Inference;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Export.Tests.Passes;

/// <summary>Runs a ModelProto in ONNX Runtime on one float input (test helper for before/after comparisons).</summary>
internal static class OrtEval
{
    public static float[] Run(ModelProto model, float[] input, params long[] shape) => RunWithShape(model, input, shape).Values;

    public static (float[] Values, long[] Shape) RunWithShape(ModelProto model, float[] input, params long[] shape)
    {
        SessionFactory.EnsureEnvironment();
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model.ToByteArray(), options);
        string inName = session.InputMetadata.Keys.First();
        string outName = session.OutputMetadata.Keys.First();
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var run = new RunOptions();
        using var results = session.Run(run, [inName], [value], [outName]);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
    }

    public static float[] Random(int seed, int count, float scale = 1f)
    {
        var rng = new Random(seed);
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return v;
    }

    public static float[] Positive(int seed, int count) => Random(seed, count).Select(v => 0.5f + Math.Abs(v)).ToArray();

    public static void AssertClose(float[] expected, float[] actual, double tolerance = 1e-5)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(tolerance * Math.Max(1, Math.Abs(expected[i]))), $"element {i}");
    }
}
