using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Streaming;

/// <summary>Moves a time-major window (W rows × C channels) into and out of the model's tensor layout.</summary>
public static class WindowLayout
{
    /// <summary>True when the model layout is the time-major order itself (a plain copy).</summary>
    public static bool IsTimeMajor(TensorLayout layout) => layout != TensorLayout.Ncw;

    public static void ToModel(ReadOnlySpan<float> timeMajor, Span<float> destination, TensorLayout layout, int window, int channels)
    {
        if (IsTimeMajor(layout))
        {
            timeMajor[..(window * channels)].CopyTo(destination);
            return;
        }
        for (int c = 0; c < channels; c++)
        {
            var row = destination.Slice(c * window, window);
            for (int t = 0; t < window; t++)
                row[t] = timeMajor[t * channels + c];
        }
    }

    public static void FromModel(ReadOnlySpan<float> model, Span<float> timeMajor, TensorLayout layout, int window, int channels)
    {
        if (IsTimeMajor(layout))
        {
            model[..(window * channels)].CopyTo(timeMajor);
            return;
        }
        for (int c = 0; c < channels; c++)
            for (int t = 0; t < window; t++)
                timeMajor[t * channels + c] = model[c * window + t];
    }
}
