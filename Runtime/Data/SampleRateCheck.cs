using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Data;

/// <summary>A front end's frequencies hold only at its sample rate: data that states another rate is refused, never resampled silently.</summary>
public static class SampleRateCheck
{
    public static void Require(SensorTable table, BundleManifest manifest) => Require(table, manifest.FrontEnd);

    public static void Require(SensorTable table, FrontEndSpec? frontEnd)
    {
        if (frontEnd is not { } f || table.SampleRate is not double rate) return;
        if (Math.Abs(rate - f.SampleRate) > 1e-6 * f.SampleRate)
            throw new InputException(table.Source, FormattableString.Invariant($"sampled at {rate} Hz, the bundle's {(f.Kind == FrontEndKind.LogMel ? "logmel" : "spectrum")} front end expects {f.SampleRate} Hz (resample it first, e.g. sox in.wav -r {f.SampleRate} out.wav)"));
    }
}
