using System.Globalization;
using EdgeAE.Device.Pipeline;
using EdgeAE.Runtime.Detection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// Logs the daemon's state every period: windows scored since the last line and in all, the newest
/// score and the current level. Reads counters the scoring thread already keeps; it never touches
/// the pipeline, so it cannot delay scoring.
/// </summary>
public sealed class StatusLine : BackgroundService
{
    private readonly Func<long> windowsScored;
    private readonly LiveStatus status;
    private readonly TimeSpan period;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public StatusLine(Func<long> windowsScored, LiveStatus status, TimeSpan period, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        (this.windowsScored, this.status, this.period, this.time, this.logger) = (windowsScored, status, period, time, logger);
    }

    private PeriodicTimer? timer;
    private long last;

    /// <summary>The period starts at start-up, not when the host gets round to running <see cref="ExecuteAsync"/> on its own thread.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        timer = new PeriodicTimer(period, time);
        last = windowsScored();
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = this.timer!;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                long now = windowsScored();
                var (score, level, _, alarmsToday) = status.Read();
                logger.LogInformation("{Status}", Format(now - last, now, score, level, alarmsToday, period));
                last = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>e.g. <c>status: 50 windows in 5 s (12,340 in all), score 0.0108, level normal, 0 alarms today</c>.</summary>
    public static string Format(long recent, long total, float? score, AlertLevel level, long alarmsToday, TimeSpan period) =>
        string.Create(CultureInfo.InvariantCulture,
            $"status: {recent:N0} windows in {period.TotalSeconds:0.#} s ({total:N0} in all), score {(score is { } s ? s.ToString("G3", CultureInfo.InvariantCulture) : "none yet")}, level {level.ToString().ToLowerInvariant()}, {alarmsToday} alarm{(alarmsToday == 1 ? "" : "s")} today");
}
