using EdgeAE.Runtime.Bundles;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Runtime.Inference;

/// <summary>
/// Runs the bundle's autoencoder on up to <see cref="Capacity"/> windows at a time without
/// allocating: one pinned input and one pinned output buffer, and for every batch size k an
/// <see cref="OrtValue"/> view of the first k slots plus an IoBinding, all created up front.
/// </summary>
public sealed class ReconstructionModel : IDisposable
{
    private readonly InferenceSession session;
    private readonly float[] input;
    private readonly float[] output;
    private readonly OrtValue[] inputs;
    private readonly OrtValue[] outputs;
    private readonly OrtIoBinding[] bindings;
    private readonly RunOptions runOptions;
    private bool disposed;

    public ReconstructionModel(Bundle bundle, int maxBatch)
    {
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), "micro-batch must be ≥ 1");
        session = bundle.Session;
        var m = bundle.Manifest;
        WindowValues = m.ModelValues;
        Capacity = Math.Min(maxBatch, bundle.MaxBatch);
        input = GC.AllocateArray<float>(Capacity * WindowValues, pinned: true);
        output = GC.AllocateArray<float>(Capacity * WindowValues, pinned: true);
        inputs = new OrtValue[Capacity];
        outputs = new OrtValue[Capacity];
        bindings = new OrtIoBinding[Capacity];
        runOptions = new RunOptions();
        long[] windowShape = ManifestValidator.WindowShape(m.Layout, m.ModelWindow, m.ChannelCount);
        try
        {
            for (int k = 1; k <= Capacity; k++)
            {
                long[] shape = (long[])windowShape.Clone();
                shape[0] = k;
                inputs[k - 1] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(input, 0, k * WindowValues), shape);
                outputs[k - 1] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(output, 0, k * WindowValues), shape);
                var binding = session.CreateIoBinding();
                binding.BindInput(m.InputName, inputs[k - 1]);
                binding.BindOutput(m.OutputName, outputs[k - 1]);
                bindings[k - 1] = binding;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Largest number of windows one run takes (the model may fix its batch dimension).</summary>
    public int Capacity { get; }

    public int WindowValues { get; }

    /// <summary>Slot <paramref name="index"/> of the input tensor, in the model's layout.</summary>
    public Span<float> InputSlot(int index) => input.AsSpan(index * WindowValues, WindowValues);

    /// <summary>Slot <paramref name="index"/> of the reconstruction written by the last <see cref="Run"/>.</summary>
    public ReadOnlySpan<float> OutputSlot(int index) => output.AsSpan(index * WindowValues, WindowValues);

    /// <summary>Reconstructs the first <paramref name="count"/> input slots.</summary>
    public void Run(int count)
    {
        if ((uint)(count - 1) >= (uint)Capacity)
            throw new ArgumentOutOfRangeException(nameof(count), $"batch of {count} outside 1..{Capacity}");
        session.RunWithBinding(runOptions, bindings[count - 1]);
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var b in bindings) b?.Dispose();
        foreach (var v in inputs) v?.Dispose();
        foreach (var v in outputs) v?.Dispose();
        runOptions.Dispose();
    }
}
