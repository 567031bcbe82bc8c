using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using EdgeAE.Device.Hosting;
using EdgeAE.Device.Options;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Alerts;

/// <summary>
/// Opens the GPIO backend the configuration names. The driver is never auto-detected by
/// System.Device.Gpio (4.2.0 crashes where only libgpiod.so.3 exists and mis-detects the Pi 5):
/// <c>auto</c> probes which libgpiod loads (v2, then v1) and picks the chip by label or line count.
/// Every failure becomes a <see cref="StartupException"/> with a one-line reason.
/// </summary>
public static class GpioBackendFactory
{
    public static IPinBackend Create(AlertsOptions options, ILogger logger)
    {
        switch (options.Driver)
        {
            case GpioDriverKind.Simulated:
                return new SimulatedPinBackend(logger);
            case GpioDriverKind.Libgpiod2:
                return OpenV2(options.Chip);
            case GpioDriverKind.Libgpiod:
                return OpenV1(options.Chip);
            default:
                string? v2Problem = null;
                try
                {
                    return OpenV2(options.Chip);
                }
                catch (StartupException e) when (e.InnerException is DllNotFoundException or EntryPointNotFoundException)
                {
                    v2Problem = e.Message;
                }
                try
                {
                    return OpenV1(options.Chip);
                }
                catch (StartupException e) when (e.InnerException is DllNotFoundException or EntryPointNotFoundException)
                {
                    throw new StartupException($"Alerts:Driver=auto: neither libgpiod v2 nor v1 loads ({v2Problem}; {e.Message}); install libgpiod3 or libgpiod2 (or run the demo with --demo)", e);
                }
        }
    }

    private static IPinBackend OpenV2(string chip)
    {
        var info = Choose(() => LibGpiodV2Driver.GetAvailableChips(), chip, "libgpiod v2 (libgpiod.so.3)");
        return Open(() => new LibGpiodV2Driver(info.Id), info, "libgpiod v2");
    }

    private static IPinBackend OpenV1(string chip)
    {
        var info = Choose(() => LibGpiodDriver.GetAvailableChips(), chip, "libgpiod v1 (libgpiod.so.2)");
        return Open(() => new LibGpiodDriver(info.Id), info, "libgpiod v1");
    }

    private static GpioChipInfo Choose(Func<IList<GpioChipInfo>> list, string wanted, string library)
    {
        IList<GpioChipInfo> chips;
        try
        {
            chips = list();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            var inner = e is TypeInitializationException { InnerException: { } i } ? i : e;
            throw new StartupException($"{library} is not installed or does not load: {inner.Message.Split('\n')[0]}", inner);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw PermissionOrMissing(e, "listing GPIO chips");
        }
        if (chips.Count == 0)
            throw new StartupException("no GPIO chip found (no /dev/gpiochip*, or not readable: add the service user to the gpio group); on a machine without GPIO only the demo runs (--demo)");
        if (string.IsNullOrWhiteSpace(wanted))
            return chips.OrderByDescending(c => c.NumLines).First();   // the SoC's header bank has the most lines
        var match = chips.FirstOrDefault(c => c.Id.ToString() == wanted || c.Name == wanted || c.Label == wanted);
        return match ?? throw new StartupException($"Alerts:Chip: no GPIO chip '{wanted}' (have {string.Join(", ", chips.Select(c => $"{c.Name} '{c.Label}' {c.NumLines} lines"))})");
    }

    private static IPinBackend Open(Func<GpioDriver> create, GpioChipInfo chip, string library)
    {
        try
        {
            return new GpioPinBackend(new GpioController(create()), $"{library} on {chip.Name} '{chip.Label}' ({chip.NumLines} lines)");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw PermissionOrMissing(e, $"opening {chip.Name}");
        }
    }

    private static StartupException PermissionOrMissing(Exception e, string what) =>
        e is UnauthorizedAccessException || e.Message.Contains("ermission", StringComparison.Ordinal)
            ? new StartupException($"permission denied {what}: add the service user to the gpio group (SupplementaryGroups=gpio)", e)
            : new StartupException($"{what} failed: {e.Message.Split('\n')[0]}", e);
}
