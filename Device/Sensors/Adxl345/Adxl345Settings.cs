namespace EdgeAE.Device.Sensors.Adxl345;

/// <summary>How the ADXL345 is configured by <see cref="Adxl345.Initialize"/>.</summary>
public sealed class Adxl345Settings
{
    public DataRate Rate { get; init; } = DataRate.Hz100;

    public GravityRange Range { get; init; } = GravityRange.Range16G;

    /// <summary>
    /// Stream mode: the chip queues up to 32 samples so a poll that comes late loses nothing. Without it only
    /// the newest sample is read (DATA_READY), and samples between polls are lost.
    /// </summary>
    public bool UseFifo { get; init; } = true;
}
