using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Runtime.Calibration;

/// <summary>The reference the input drift monitor compares with: each channel's mean and standard deviation over the normal (calibration) rows.</summary>
public static class DriftReferenceFit
{
    public static DriftSpec Fit(SensorTable normal, DriftOptions options)
    {
        options.Validate();
        int channels = normal.ChannelCount;
        var offset = new float[channels];
        var scale = new float[channels];
        long frames = 0;
        for (int r = 0; r < normal.Rows; r++)
            if (AllFinite(normal.Row(r))) frames++;
        if (frames < 2) throw new InputException(normal.Source, $"the drift reference needs at least 2 complete rows, got {frames}");
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int r = 0; r < normal.Rows; r++)
                if (AllFinite(normal.Row(r))) sum += normal.Values[r * channels + c];
            double mean = sum / frames, sq = 0;
            for (int r = 0; r < normal.Rows; r++)
                if (AllFinite(normal.Row(r))) { double d = normal.Values[r * channels + c] - mean; sq += d * d; }
            double std = Math.Sqrt(sq / frames);
            // A constant channel: any change is drift, measured against its level's float resolution.
            std = Math.Max(std, Math.Max(1e-6 * Math.Abs(mean), 1e-12));
            offset[c] = (float)mean;
            scale[c] = (float)std;
        }
        return new DriftSpec { Delta = options.Delta, Lambda = options.Lambda, ReferenceOffset = offset, ReferenceScale = scale, Frames = frames };
    }

    private static bool AllFinite(ReadOnlySpan<float> row)
    {
        foreach (float v in row)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
