using EdgeAE.Device.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// Sends WATCHDOG=1 at half of $WATCHDOG_USEC (Microsoft.Extensions.Hosting.Systemd sends only
/// READY/STOPPING). Pings stop when the scoring loop has not beaten for a whole watchdog period,
/// so a hung pipeline is restarted by systemd instead of looking alive.
/// </summary>
public sealed class SystemdWatchdog : BackgroundService
{
    private readonly Liveness liveness;
    private readonly ILogger<SystemdWatchdog> logger;
    private readonly TimeProvider time;

    public SystemdWatchdog(Liveness liveness, TimeProvider time, ILogger<SystemdWatchdog> logger)
    {
        this.liveness = liveness;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>The watchdog period for this process, or null when systemd did not ask for pings.</summary>
    public static TimeSpan? Period()
    {
        if (!long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out long usec) || usec <= 0) return null;
        // WATCHDOG_PID, when set, names the process systemd expects pings from.
        if (int.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_PID"), out int pid) && pid != Environment.ProcessId) return null;
        return TimeSpan.FromTicks(usec * 10);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Period() is not { } period) return;
        using var notify = SdNotify.FromEnvironment();
        if (notify is null) return;
        logger.LogInformation("systemd watchdog: {Period} s, pinging every {Half} s", period.TotalSeconds, period.TotalSeconds / 2);
        using var timer = new PeriodicTimer(period / 2, time);
        bool warned = false;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (liveness.Age < period)
            {
                notify.Send("WATCHDOG=1");
                warned = false;
            }
            else if (!warned)
            {
                warned = true;
                logger.LogCritical("scoring loop silent for {Age:0.#} s: withholding watchdog pings so systemd restarts the service", liveness.Age.TotalSeconds);
            }
        }
    }
}
