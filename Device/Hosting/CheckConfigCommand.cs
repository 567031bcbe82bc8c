using System.Globalization;
using EdgeAE.Device.Options;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// <c>--check-config</c>: builds everything the daemon would run with — loads and self-tests the bundle,
/// opens the GPIO chip and lines (left in their safe state), opens the journal, creates the source and
/// probes every sensor behind it — prints the plan and stops before the first frame is scored.
/// A problem is a <see cref="StartupException"/>: one line naming the key, exit 78.
/// </summary>
public static class CheckConfigCommand
{
    public static int Run(Func<DeviceComponents> build, TextWriter output)
    {
        using var c = build();
        var o = c.Options;
        var m = c.Manifest ?? throw new StartupException($"Model:Path: '{c.Loader!.Path}' does not exist (the daemon would learn a first model into it: Model:Learn is on)");
        if (c.Source!.Probe() is { } sensorProblem) throw new StartupException(sensorProblem);
        if (c.Journal!.Problem is { } journalProblem)
            throw new StartupException($"Journal:Directory: cannot write '{c.Journal.ActivePath}': {journalProblem}");
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(o.Demo ? "check-config: DEMO (simulator, demo bundle or simulated GPIO allowed; not for a plant)" : "check-config: configuration is complete");
        output.WriteLine(string.Create(inv, $"  model    {c.Loader!.Path}: {m.Provenance.Precision.ToString().ToLowerInvariant()}, window {m.Window} × {m.ChannelCount} [{string.Join(", ", m.Channels)}], hop {m.Hop}; self-test score {c.SelfTest.Score:G6}"));
        output.WriteLine(m.Thresholds is { } t
            ? string.Create(inv, $"  alarms   warning {t.Warning:G6}, alarm {t.Alarm:G6}, raise after {t.RaiseAfter}, clear after {t.ClearAfter} window(s)")
            : o.Model.Commissioning.Duration > TimeSpan.Zero
                ? $"  alarms   none yet: commissioning for {o.Model.Commissioning.Duration} ({o.Model.Commissioning.Method}) first"
                : "  alarms   NONE: the bundle has no thresholds and commissioning is off; it will score without alarming");
        output.WriteLine($"  source   {c.Source.Description}; sensors answered");
        var a = o.Alerts;
        output.WriteLine($"  outputs  {c.Alerts.Pins.Description}: warning line {Line(a.WarningPin)}, alarm line {Line(a.AlarmPin)}, sensor-fault line {Line(a.FaultPin)}{(a.DriftPin >= 0 ? $", drift line {a.DriftPin}" : "")}, {(a.ActiveLow ? "active low" : "active high")}{(a.Latch ? $", latched until line {a.AckPin} is pressed" : "")}; opened, all inactive");
        output.WriteLine($"  journal  {c.Journal.ActivePath} (writable)");
        output.WriteLine($"  cache    {(o.Model.OptimizedModelCache ? StatePaths.ModelCache : "off")}");
        output.WriteLine("check-config: OK (nothing was scored)");
        return 0;
    }

    private static string Line(int pin) => pin >= 0 ? pin.ToString(CultureInfo.InvariantCulture) : "none";
}
