using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeAE.Device.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Metrics;

/// <summary>
/// A minimal HTTP/1.1 server for <c>GET /metrics</c> on its own task (never the scoring thread), one
/// request per connection, reading heads with the same <see cref="HttpHeadReader"/> as the dashboard so both
/// servers refuse the same things the same way. What it answers (a one-line plain-text reason on each refusal):
/// <list type="bullet">
/// <item>200: <c>GET /metrics</c> (any query string, as Prometheus may add one): the Prometheus text
/// format 0.0.4, as scrapers negotiate it by content type.</item>
/// <item>400: a head that is not an HTTP/1.0 or 1.1 request line plus header lines, or one the client
/// ended before its blank line.</item>
/// <item>431: a head over <see cref="HttpRequestHead.MaxBytes"/> (a scrape sends a few hundred bytes).</item>
/// <item>404: any path but <c>/metrics</c>, whatever the method: there is nothing else here.</item>
/// <item>405 with <c>Allow: GET</c>: any other method on <c>/metrics</c> (HEAD included: no scraper sends it).</item>
/// </list>
/// The whole exchange gets <see cref="Timeout"/>: a client that stops sending or stops reading is dropped.
/// </summary>
public sealed class MetricsEndpoint : BackgroundService
{
    public const string Route = "/metrics";
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly MetricsOptions options;
    private readonly DeviceMetrics metrics;
    private readonly ILogger logger;
    private TcpListener? listener;
    private long scrapes;

    public MetricsEndpoint(MetricsOptions options, DeviceMetrics metrics, ILogger logger)
    {
        this.options = options;
        this.metrics = metrics;
        this.logger = logger;
    }

    /// <summary>Answered scrapes (200s only).</summary>
    public long Scrapes => Interlocked.Read(ref scrapes);

    /// <summary>The bound port (the configured one, or the one the OS chose for port 0); 0 before start.</summary>
    public int Port => listener?.LocalEndpoint is IPEndPoint ep ? ep.Port : 0;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bound before the host reports started (ExecuteAsync runs on the pool since .NET 10), so a
        // caller that sees "metrics: http://…" can connect.
        listener = new TcpListener(IPAddress.Parse(options.Bind), options.Port);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            logger.LogError("metrics: cannot listen on {Bind}:{Port}: {Problem}; no metrics endpoint", options.Bind, options.Port, e.Message);
            listener = null;
            return Task.CompletedTask;
        }
        logger.LogInformation("metrics: http://{Bind}:{Port}/metrics", options.Bind, Port);
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        TcpAcceptLoop.RunAsync(listener!, () => true, Serve, stoppingToken);

    private async Task Serve(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
                limit.CancelAfter(Timeout);
                var stream = client.GetStream();
                var (head, _) = await HttpHeadReader.ReadAsync(stream, Timeout, limit.Token).ConfigureAwait(false);
                if (head.Status != 200)
                {
                    await HttpResponse.TextAsync(stream, head.Status, head.Problem!, limit.Token).ConfigureAwait(false);
                    return;
                }
                var request = head.Request!;
                if (request.Path != Route)
                    await HttpResponse.TextAsync(stream, 404, $"{request.Path} is not here (GET {Route})", limit.Token).ConfigureAwait(false);
                else if (request.Method != "GET")
                    await HttpResponse.TextAsync(stream, 405, $"{request.Method} is not served here (GET {Route})", limit.Token, "Allow: GET\r\n").ConfigureAwait(false);
                else
                {
                    byte[] body = Encoding.UTF8.GetBytes(metrics.Render());
                    await HttpResponse.WriteAsync(stream, 200, ContentType, body, limit.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref scrapes);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // A scraper that hung up or was too slow: nothing to report.
            }
        }
    }
}
