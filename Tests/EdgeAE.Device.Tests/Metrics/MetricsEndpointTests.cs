using EdgeAE.Device.Http;
using EdgeAE.Device.Metrics;
using EdgeAE.Device.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static EdgeAE.Device.Tests.Support.RawHttp;

namespace EdgeAE.Device.Tests.Metrics;

/// <summary>
/// /metrics over a real socket, on the daemon's components in-process: a scrape gets the Prometheus
/// text format, and every other request gets the answer <see cref="MetricsEndpoint"/> documents
/// (400, 431, 404, 405), from the same head reader as the dashboard.
/// </summary>
public class MetricsEndpointTests
{
    private string dir = "";
    private DeviceHarness? harness;
    private MetricsEndpoint? endpoint;

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("metrics");

    [TearDown]
    public void TearDown()
    {
        endpoint?.StopAsync(CancellationToken.None).Wait(TimeSpan.FromSeconds(5));
        endpoint?.Dispose();
        harness?.Dispose();
        (endpoint, harness) = (null, null);
        Directory.Delete(dir, recursive: true);
    }

    private int Start()
    {
        var o = DeviceHarness.DefaultOptions(dir, Path.Combine(AppContext.BaseDirectory, "demo", "demo.onnx"));
        o.Demo = true;
        o.Metrics = new MetricsOptions { Enabled = true, Port = 0 };
        harness = new DeviceHarness(o);
        endpoint = new MetricsEndpoint(o.Metrics, harness.Components.Metrics!, NullLogger.Instance);
        endpoint.StartAsync(CancellationToken.None).Wait();
        Assert.That(endpoint.Port, Is.GreaterThan(0), "listening once started");
        return endpoint.Port;
    }

    [Test]
    public void AScrapeGetsThePrometheusTextFormat()
    {
        int port = Start();
        // What Prometheus 2.x sends (its Accept header offers protobuf and OpenMetrics first).
        var response = Get(port, "/metrics", "User-Agent: Prometheus/2.53.0\r\n" +
            "Accept: application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.2\r\n" +
            "Accept-Encoding: gzip\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n");
        Assert.That(Status(response), Is.EqualTo(200), response);
        Assert.That(Header(response, "Content-Type"), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
        string body = Body(response);
        Assert.That(Header(response, "Content-Length"), Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(body).ToString()));
        Assert.That(Header(response, "Content-Encoding"), Is.Empty, "identity, though gzip was offered");
        Assert.That(body, Does.StartWith("# HELP edgeae_score "));
        Assert.That(body, Does.Contain("# TYPE edgeae_windows_scored_total counter\nedgeae_windows_scored_total 0\n"));
        Assert.That(body, Does.Contain("edgeae_inference_seconds_bucket{le=\"+Inf\"} 0\n"));
        Assert.That(body, Does.EndWith("\n"));

        Assert.That(Status(Get(port, "/metrics?name[]=edgeae_score")), Is.EqualTo(200), "a query string is allowed");
        Assert.That(endpoint!.Scrapes, Is.EqualTo(2));
    }

    [Test]
    public void HttpClientScrapes()
    {
        int port = Start();
        using var http = new HttpClient();
        using var response = http.GetAsync($"http://127.0.0.1:{port}/metrics").GetAwaiter().GetResult();
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
        Assert.That(response.Content.ReadAsStringAsync().GetAwaiter().GetResult(), Does.Contain("# TYPE edgeae_level gauge"));
    }

    [TestCase("garbage\r\n\r\n")]
    [TestCase("GET /metrics\r\n\r\n")]                      // no HTTP version (the old reader served this)
    [TestCase("GET /metrics HTTP/2.0\r\n\r\n")]
    [TestCase("get /metrics HTTP/1.1\r\n\r\n")]
    [TestCase("GET metrics HTTP/1.1\r\n\r\n")]
    [TestCase("GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n")]
    [TestCase("GET /m\u00e9trics HTTP/1.1\r\n\r\n")]
    [TestCase("GET /metrics HTTP/1.1\r\nHost: x\r\n")]     // the client stops before the blank line
    public void AMalformedRequestGets400(string request)
    {
        int port = Start();
        var response = SendAndHalfClose(port, request);
        Assert.That(response, Does.StartWith("HTTP/1.1 400 Bad Request\r\n"));
        Assert.That(Header(response, "Content-Type"), Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(endpoint!.Scrapes, Is.Zero);
    }

    [Test]
    public void AnOversizedHeadGets431()
    {
        int port = Start();
        var response = Raw(port, "GET /metrics HTTP/1.1\r\nX-Big: " + new string('a', HttpRequestHead.MaxBytes) + "\r\n\r\n");
        Assert.That(Status(response), Is.EqualTo(431));
        Assert.That(Body(response), Does.Contain($"larger than {HttpRequestHead.MaxBytes} bytes"));
        Assert.That(endpoint!.Scrapes, Is.Zero);
    }

    [TestCase("POST")]
    [TestCase("PUT")]
    [TestCase("DELETE")]
    [TestCase("HEAD")]
    public void AnotherMethodOnMetricsGets405(string method)
    {
        int port = Start();
        var response = Raw(port, $"{method} /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        Assert.That(Status(response), Is.EqualTo(405));
        Assert.That(Header(response, "Allow"), Is.EqualTo("GET"));
        Assert.That(Body(response), Is.EqualTo($"{method} is not served here (GET /metrics)\n"));
        Assert.That(endpoint!.Scrapes, Is.Zero);
    }

    [TestCase("GET", "/")]
    [TestCase("GET", "/metricsx")]
    [TestCase("GET", "/metrics/")]
    [TestCase("GET", "/api/live")]
    [TestCase("POST", "/anything")]   // 404 before 405: there is no resource here to allow a method on
    public void AnUnknownPathGets404(string method, string path)
    {
        int port = Start();
        var response = Raw(port, $"{method} {path} HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.That(Status(response), Is.EqualTo(404));
        Assert.That(Body(response), Is.EqualTo($"{path} is not here (GET /metrics)\n"));
        Assert.That(endpoint!.Scrapes, Is.Zero);
    }
}
