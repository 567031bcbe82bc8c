using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Options;

/// <summary>Attribute rules, checked by source-generated code (no DataAnnotations reflection, AOT clean).</summary>
[OptionsValidator]
public sealed partial class DeviceOptionsValidator : IValidateOptions<DeviceOptions>
{
}

/// <summary>Rules that span several keys (what a Range attribute cannot say).</summary>
public sealed class DeviceOptionsRules : IValidateOptions<DeviceOptions>
{
    public ValidateOptionsResult Validate(string? name, DeviceOptions o)
    {
        var b = new ValidateOptionsResultBuilder();
        if (!o.Demo) DemoOnly(o, b);
        // TimeSpan ranges here: RangeAttribute(Type, …) needs reflection (IL2026).
        if (o.Health.DownAfter < TimeSpan.FromMilliseconds(50) || o.Health.DownAfter > TimeSpan.FromDays(1))
            b.AddError($"must be between 00:00:00.05 and 1.00:00:00, got {o.Health.DownAfter}", "Health.DownAfter");
        if (o.Model.MaxLatency < TimeSpan.Zero || o.Model.MaxLatency > TimeSpan.FromMinutes(10))
            b.AddError($"must be between 00:00:00 and 00:10:00, got {o.Model.MaxLatency}", "Model.MaxLatency");
        if (o.Model.Commissioning.Duration < TimeSpan.Zero || o.Model.Commissioning.Duration > TimeSpan.FromDays(365))
            b.AddError($"must be between 00:00:00 and 365.00:00:00, got {o.Model.Commissioning.Duration}", "Model.Commissioning.Duration");
        if (o.Model.Learn.Enabled && Learning.LearnFeature.IsSupported) LearnRules.Check(o, b);
        if (o.Source.Kind == SourceKind.Replay && string.IsNullOrWhiteSpace(o.Source.Path))
            b.AddError("is required when Source:Kind is Replay (the CSV file to play back)", "Source.Path");
        if (o.Model.Commissioning.Duration > TimeSpan.Zero)
        {
            try
            {
                var calibration = o.Model.Commissioning.ToCalibration(TimeSpan.FromSeconds(1));
                calibration.Validate();
                if (calibration.Method == Runtime.Calibration.ThresholdMethod.F1)
                    b.AddError("f1 needs labelled data; commissioning sees only normal operation (use quantile, sigma, mad, pot or far)", "Model.Commissioning.Method");
            }
            catch (Runtime.InvalidParameterException e)
            {
                // The calibrator names its own property; in this file that property is a key of Model:Commissioning.
                b.AddError(e.Problem, "Model.Commissioning." + e.Parameter);
            }
            catch (Runtime.InputException e)
            {
                b.AddError(e.Message, "Model.Commissioning.Method");
            }
        }
        if (o.Source.Kind == SourceKind.Chips && Sensors.ChipFactory.Validate(o.Source.Chips, "Source:Chips") is { } chipProblem)
            b.AddError(chipProblem);   // already "Source:Chips:<i>:<Key>: <problem>"
        if (o.Source.Kind == SourceKind.Udp && !System.Net.IPAddress.TryParse(o.Source.Udp.Bind, out _))
            b.AddError($"'{o.Source.Udp.Bind}' is not an IP address", "Source.Udp.Bind");
        if (o.Alerts.Latch && o.Alerts.AckPin < 0)
            b.AddError("Alerts:Latch needs an acknowledge input (set Alerts:AckPin)", "Alerts.AckPin");
        var pins = new[] { ("WarningPin", o.Alerts.WarningPin), ("AlarmPin", o.Alerts.AlarmPin), ("FaultPin", o.Alerts.FaultPin), ("DriftPin", o.Alerts.DriftPin), ("AckPin", o.Alerts.AckPin) }
            .Where(p => p.Item2 >= 0).ToArray();
        foreach (var dup in pins.GroupBy(p => p.Item2).Where(g => g.Count() > 1))
            b.AddError($"line {dup.Key} is used by {string.Join(" and ", dup.Select(p => p.Item1))}", "Alerts." + dup.Last().Item1);
        foreach (var f in o.Source.Simulator.Faults)
            if (!Enum.TryParse<Sources.SimulatedFault>(f, ignoreCase: true, out _))
                b.AddError($"unknown fault '{f}' (known: {string.Join(", ", Enum.GetNames<Sources.SimulatedFault>())})", "Source.Simulator.Faults");
        return b.Build();
    }

    /// <summary>
    /// Fail closed: outside the explicit demo, the pump simulator, the demo bundle and simulated GPIO
    /// would let an installed service report ready while it watches nothing and drives no pin.
    /// </summary>
    private static void DemoOnly(DeviceOptions o, ValidateOptionsResultBuilder b)
    {
        if (o.Source.Kind == SourceKind.Simulator)
            b.AddError("Simulator is the demo's pump simulator, not a sensor: choose Chips, Audio, Serial, Udp, Stdin or Replay (or run the demo with --demo)", "Source.Kind");
        if (Models.ModelLoader.IsDemoBundle(o.Model.Path))
            b.AddError($"'{Models.ModelLoader.ResolvePath(o.Model.Path)}' is the demo bundle (trained on the pump simulator): give your own bundle (or run the demo with --demo)", "Model.Path");
        if (o.Alerts.Driver == GpioDriverKind.Simulated)
            b.AddError("simulated drives no GPIO line: choose libgpiod (Raspberry Pi OS bookworm), libgpiod2 or auto (or run the demo with --demo)", "Alerts.Driver");
    }
}
