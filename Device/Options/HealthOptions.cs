using System.ComponentModel.DataAnnotations;

namespace EdgeAE.Device.Options;

public sealed class HealthOptions
{
    /// <summary>A channel whose value does not change for this many samples is stuck; 0 disables the check.
    /// Frames are held back this many samples before scoring so a stuck run never reaches the model.</summary>
    [Range(0, 100000)]
    public int StuckSamples { get; set; } = 100;

    /// <summary>No frame for this long = source down.</summary>
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive good frames before a sensor fault clears.</summary>
    [Range(1, 100000)]
    public int ClearAfterSamples { get; set; } = 10;

    /// <summary>Log a status line this often (0 = never).</summary>
    [Range(0, 86400)]
    public double StatusEverySeconds { get; set; } = 60;
}
