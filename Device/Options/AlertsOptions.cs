using System.ComponentModel.DataAnnotations;

namespace EdgeAE.Device.Options;

public enum GpioDriverKind { Simulated, Libgpiod2, Libgpiod, Auto }

public sealed class AlertsOptions
{
    public GpioDriverKind Driver { get; set; } = GpioDriverKind.Simulated;

    /// <summary>GPIO chip: number ("0"), name ("gpiochip4") or label ("pinctrl-rp1"); empty = the chip with the most lines.</summary>
    public string Chip { get; set; } = "";

    /// <summary>Line offsets; -1 = not wired.</summary>
    [Range(-1, 1023)] public int WarningPin { get; set; } = 17;
    [Range(-1, 1023)] public int AlarmPin { get; set; } = 27;
    [Range(-1, 1023)] public int FaultPin { get; set; } = 22;
    /// <summary>On while an input channel has drifted from the calibration data (not an alarm); -1 = not wired.</summary>
    [Range(-1, 1023)] public int DriftPin { get; set; } = -1;

    /// <summary>Outputs are active-low (e.g. relay boards that switch on a low level).</summary>
    public bool ActiveLow { get; set; }

    /// <summary>An output that went on stays on at least this long (a lamp that flickers is missed).</summary>
    [Range(0, 3600000)] public int MinOnMilliseconds { get; set; } = 1000;

    /// <summary>Keep warning/alarm outputs on after the episode clears until the acknowledge input is pressed.</summary>
    public bool Latch { get; set; }

    /// <summary>Acknowledge button input (pulled up, pressed = low); -1 = none.</summary>
    [Range(-1, 1023)] public int AckPin { get; set; } = -1;

    [Range(1, 10000)] public int AckDebounceMilliseconds { get; set; } = 50;
}
