using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Metrics;

/// <summary>
/// A minimal HTTP/1.1 server for <c>GET /metrics</c> on its own task (never the scoring thread):
/// one request per connection, a 5 s read limit, anything else is 404/405.
/// </summary>
public sealed class MetricsEndpoint : BackgroundService
{
    private readonly MetricsOptions options;
    private readonly DeviceMetrics metrics;
    private readonly ILogger logger;
    private TcpListener? listener;

    public MetricsEndpoint(MetricsOptions options, DeviceMetrics metrics, ILogger logger)
    {
        this.options = options;
        this.metrics = metrics;
        this.logger = logger;
    }

    public long Scrapes { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        listener = new TcpListener(IPAddress.Parse(options.Bind), options.Port);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            logger.LogError("metrics: cannot listen on {Bind}:{Port}: {Problem}; no metrics endpoint", options.Bind, options.Port, e.Message);
            return;
        }
        logger.LogInformation("metrics: http://{Bind}:{Port}/metrics", options.Bind, options.Port);
        await Http.TcpAcceptLoop.RunAsync(listener, () => true, Serve, stoppingToken).ConfigureAwait(false);
    }

    private async Task Serve(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var stream = client.GetStream();
                var request = await ReadHead(stream, timeout.Token).ConfigureAwait(false);
                var parts = request.Split(' ');
                string status, type = "text/plain; charset=utf-8", body;
                if (parts.Length < 2 || parts[0] != "GET") (status, body) = ("405 Method Not Allowed", "GET /metrics\n");
                else if (parts[1] != "/metrics" && !parts[1].StartsWith("/metrics?", StringComparison.Ordinal)) (status, body) = ("404 Not Found", "GET /metrics\n");
                else
                {
                    (status, body) = ("200 OK", metrics.Render());
                    type = "text/plain; version=0.0.4; charset=utf-8";
                    Scrapes++;
                }
                byte[] payload = Encoding.UTF8.GetBytes(body);
                byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, timeout.Token).ConfigureAwait(false);
                await stream.WriteAsync(payload, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // A scraper that hung up or was too slow: nothing to report.
            }
        }
    }

    /// <summary>The request line; the rest of the head is read and ignored.</summary>
    private static async Task<string> ReadHead(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[4096];
        int used = 0;
        while (used < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(used), ct).ConfigureAwait(false);
            if (n == 0) break;
            used += n;
            if (buffer.AsSpan(0, used).IndexOf("\r\n\r\n"u8) >= 0) break;
        }
        string head = Encoding.ASCII.GetString(buffer, 0, used);
        int eol = head.IndexOf('\r');
        return eol >= 0 ? head[..eol] : head;
    }
}
