using System.Net;
using System.Net.Sockets;
using EdgeAE.Device.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Dashboard;

/// <summary>
/// A minimal HTTP/1.1 server for the dashboard on its own tasks (never the scoring thread): one
/// request per connection, the head read within 5 s and at most 8 KB, at most <see cref="MaxConnections"/>
/// requests in progress (more are closed at once), then <see cref="DashboardApi"/> answers. Hand-written
/// like /metrics: ASP.NET Core's slim host adds megabytes the 12 MB arm64 budget does not have (README).
/// </summary>
public sealed class DashboardServer : BackgroundService
{
    public const int MaxConnections = 32;
    public static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(5);

    private readonly DashboardEndpoint endpoint;
    private readonly DashboardApi api;
    private readonly LiveTicker ticker;
    private readonly IDisposable? owned;
    private readonly ILogger logger;
    private readonly SemaphoreSlim slots = new(MaxConnections);
    private TcpListener? listener;

    /// <param name="owned">Released with the server (the journal feed's subscription).</param>
    public DashboardServer(DashboardEndpoint endpoint, DashboardApi api, LiveTicker ticker, IDisposable? owned, ILogger logger)
    {
        this.owned = owned;
        this.endpoint = endpoint;
        this.api = api;
        this.ticker = ticker;
        this.logger = logger;
    }

    /// <summary>The bound port (the configured one, or the one the OS chose for port 0); 0 before start.</summary>
    public int Port => listener?.LocalEndpoint is IPEndPoint ep ? ep.Port : 0;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bound before the host reports started, so a caller that sees "dashboard: http://…" can connect.
        listener = new TcpListener(endpoint.Address, endpoint.Port);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            logger.LogError("dashboard: cannot listen on {Url}: {Problem}; no dashboard", endpoint, e.Message);
            listener = null;
            return Task.CompletedTask;
        }
        logger.LogInformation("dashboard: {Url}", new DashboardEndpoint(endpoint.Address, Port));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ticks = ticker.RunAsync(stoppingToken);
        // A flood is refused at once (no free slot), not queued.
        await TcpAcceptLoop.RunAsync(listener!, () => slots.Wait(0), Serve, stoppingToken).ConfigureAwait(false);
        await ticks.ConfigureAwait(false);
    }

    private async Task Serve(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                string remote = (client.Client.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "?";
                var (head, extra) = await HttpHeadReader.ReadAsync(stream, HeadTimeout, stop).ConfigureAwait(false);
                if (head.Status != 200)
                {
                    await HttpResponse.TextAsync(stream, head.Status, head.Problem!, stop).ConfigureAwait(false);
                    return;
                }
                await api.HandleAsync(head.Request!, extra, stream, remote, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // A browser that hung up, or was too slow: nothing to report.
            }
            catch (Exception e)
            {
                logger.LogError("dashboard: request failed: {Problem}", e.Message);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    public override void Dispose()
    {
        owned?.Dispose();
        slots.Dispose();
        base.Dispose();
    }
}
