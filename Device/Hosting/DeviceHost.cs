using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// The generic host: configuration layers (lowest first) appsettings.json next to the binary,
/// /etc/edgeae/appsettings.json, EDGEAE_ environment variables (EDGEAE_Source__Kind=Replay),
/// command line (--Source:Kind Replay); console logs, systemd integration.
/// </summary>
public static class DeviceHost
{
    public const string SystemConfig = "/etc/edgeae/appsettings.json";

    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "edgeae-device",
        });
        AddConfiguration(builder.Configuration, args);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        // After the console: under systemd this switches the format to journald priorities (<4>…) without timestamps.
        builder.Services.AddSystemd();

        builder.Services.AddOptions<DeviceOptions>().Bind(builder.Configuration);
        builder.Services.AddSingleton<IValidateOptions<DeviceOptions>, DeviceOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<DeviceOptions>, DeviceOptionsRules>();
        // One clock for the whole daemon: monotonic timestamps for durations, wall time only for display.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new Liveness(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IValidateOptions<DeviceOptions>, Plant.MqttOptionsRules>();
        builder.Services.AddSingleton<IValidateOptions<DeviceOptions>, Metrics.MetricsOptionsRules>();
        builder.Services.AddSingleton<IValidateOptions<DeviceOptions>, Dashboard.DashboardOptionsRules>();
        builder.Services.AddSingleton(sp => new DeviceComponents(
            sp.GetRequiredService<IOptions<DeviceOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<Liveness>(),
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<SystemdWatchdog>();
        // Registered before the worker: hosted services stop in reverse order, so the link still
        // sends the worker's "stopped" event before it says goodbye.
        builder.Services.AddSingleton<IHostedService>(sp => (IHostedService?)sp.GetRequiredService<DeviceComponents>().Plant?.Link ?? new IdleService());
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DeviceComponents>() is { Options.Metrics.Enabled: true, Metrics: not null } c
            ? new Metrics.MetricsEndpoint(c.Options.Metrics, c.Metrics!, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Metrics"))
            : new IdleService());
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DeviceComponents>() is { Options.Dashboard.Enabled: true, Pipeline: not null, Status: not null } c
            ? Dashboard.DashboardFactory.Create(c, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Dashboard"))
            : new IdleService());
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DeviceComponents>() is { Pipeline: { } p, Status: { } s } c
            && c.Options.StatusLine.Period(c.Options.Demo) is var period && period > TimeSpan.Zero
            ? new StatusLine(() => p.WindowsScored, s, period, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Status"))
            : new IdleService());
        builder.Services.AddHostedService<DeviceWorker>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        return builder;
    }

    public static void AddConfiguration(IConfigurationBuilder config, string[] args)
    {
        config.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        config.AddJsonFile(Environment.GetEnvironmentVariable("EDGEAE_CONFIG") ?? SystemConfig, optional: true, reloadOnChange: false);
        config.AddEnvironmentVariables("EDGEAE_");
        config.AddCommandLine(args);
    }
}
