using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeAE.Device.Dashboard;
using EdgeAE.Device.Http;
using EdgeAE.Device.Options;
using EdgeAE.Device.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static EdgeAE.Device.Tests.Support.RawHttp;

namespace EdgeAE.Device.Tests.Dashboard;

/// <summary>The dashboard's HTTP server over a real socket, on the daemon's components in-process (issue 20).</summary>
public class DashboardServerTests
{
    private const string Token = "correct-horse-battery";
    private string dir = "";
    private DeviceHarness? harness;
    private DashboardServer? server;

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("dashboard");

    [TearDown]
    public void TearDown()
    {
        server?.StopAsync(CancellationToken.None).Wait(TimeSpan.FromSeconds(5));
        server?.Dispose();
        harness?.Dispose();
        (server, harness) = (null, null);
        Directory.Delete(dir, recursive: true);
    }

    private int Start(string token = Token, string url = "http://127.0.0.1:0", int maxClients = 8)
    {
        var o = DeviceHarness.DefaultOptions(dir, Path.Combine(AppContext.BaseDirectory, "demo", "demo.onnx"));
        o.Demo = true;
        o.Alerts.Latch = true;
        o.Alerts.AckPin = 5;
        o.Dashboard = new DashboardOptions { Enabled = true, Url = url, Token = token, MaxClients = maxClients };
        harness = new DeviceHarness(o);
        server = DashboardFactory.Create(harness.Components, TimeProvider.System, NullLogger.Instance);
        server.StartAsync(CancellationToken.None).Wait();
        return server.Port;
    }

    [Test]
    public void RoutesServeThePageItsFilesAndTheApi()
    {
        int port = Start();
        var page = Get(port, "/");
        Assert.That(Status(page), Is.EqualTo(200));
        Assert.That(page, Does.Contain("Content-Type: text/html").And.Contain("<canvas id=\"trace\""));
        Assert.That(Get(port, "/app.js"), Does.StartWith("HTTP/1.1 200").And.Contain("text/javascript"));
        Assert.That(Get(port, "/app.css"), Does.StartWith("HTTP/1.1 200").And.Contain("text/css"));
        Assert.That(Status(Get(port, "/nothing-here")), Is.EqualTo(404));
        Assert.That(Status(Raw(port, "PUT / HTTP/1.1\r\n\r\n")), Is.EqualTo(405));
        Assert.That(Status(Get(port, "/api/acknowledge")), Is.EqualTo(405), "a button is never a GET (a link or prefetch must not press it)");
        Assert.That(Status(Post(port, "/api/live")), Is.EqualTo(405));

        var live = JsonDocument.Parse(Body(Get(port, "/api/live"))).RootElement;
        Assert.That(live.GetProperty("level").GetString(), Is.EqualTo("normal"));
        Assert.That(live.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("name").GetString()), Is.EquivalentTo(new[] { "warning", "alarm", "sensor-fault" }));
        Assert.That(live.GetProperty("buttons").GetBoolean(), Is.True);

        var card = JsonDocument.Parse(Body(Get(port, "/api/card"))).RootElement;
        Assert.That(card.GetProperty("card").GetProperty("window").GetInt32(), Is.EqualTo(harness!.Pipeline.Scorer.Manifest.Window));
        Assert.That(card.GetProperty("card").GetProperty("file_sha256").GetString(), Has.Length.EqualTo(64));
        Assert.That(card.GetProperty("card").GetProperty("thresholds_set_by").GetString(), Is.Not.Empty);
        Assert.That(card.GetProperty("manifest").GetProperty("channels").GetArrayLength(), Is.EqualTo(6));
    }

    [TestCase("garbage\r\n\r\n")]
    [TestCase("GET / HTTP/9.9\r\n\r\n")]
    [TestCase("GET nopath HTTP/1.1\r\n\r\n")]
    [TestCase("GET / HTTP/1.1\r\nno colon here\r\n\r\n")]
    [TestCase("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n")]
    [TestCase("GET /\u00e9 HTTP/1.1\r\n\r\n")]
    [TestCase("GET / HTTP/1.1\r\nHost: x\r\n")]   // the client stops before the blank line
    public void MalformedRequestsGet400(string request)
    {
        int port = Start();
        Assert.That(SendAndHalfClose(port, request), Does.StartWith("HTTP/1.1 400 Bad Request"));
    }

    [Test]
    public void AnOversizedHeadGets431()
    {
        int port = Start();
        var response = Raw(port, "GET / HTTP/1.1\r\nX-Big: " + new string('a', HttpRequestHead.MaxBytes) + "\r\n\r\n");
        Assert.That(Status(response), Is.EqualTo(431));
    }

    [Test]
    public void TheButtonsNeedTheTokenAndJournalWhoAsked()
    {
        int port = Start();
        Assert.That(Status(Post(port, "/api/acknowledge")), Is.EqualTo(401), "no token");
        Assert.That(Status(Post(port, "/api/acknowledge", "X-EdgeAE-Token: correct-horse-batterz\r\n")), Is.EqualTo(401), "wrong token");
        Assert.That(Status(Post(port, "/api/acknowledge", $"Cookie: {DashboardAccess.CookieName}={Token}\r\n")), Is.EqualTo(401), "the cookie reads; it never presses a button");
        Assert.That(Status(Post(port, $"/api/acknowledge?token={Token}")), Is.EqualTo(401), "nor does the query");
        Assert.That(harness!.Components.Alerts.Acknowledgements, Is.Zero);

        var ok = Post(port, "/api/acknowledge", $"X-EdgeAE-Token: {Token}\r\nX-EdgeAE-Operator: Anna (shift B)\r\n");
        Assert.That(Status(ok), Is.EqualTo(200), ok);
        Assert.That(harness.Components.Alerts.Acknowledgements, Is.EqualTo(1));
        var entry = harness.Journal().Last();
        Assert.That(entry.GetProperty("kind").GetString(), Is.EqualTo("acknowledged"));
        Assert.That(entry.GetProperty("message").GetString(), Is.EqualTo("latched alert outputs released by the dashboard (Anna (shift B) at 127.0.0.1)"));

        // This harness has no commissioning: the request is refused, and journaled as refused.
        var recommission = Post(port, "/api/recommission", $"X-EdgeAE-Token: {Token}\r\n");
        Assert.That(Status(recommission), Is.EqualTo(409));
        Assert.That(Body(recommission), Does.Contain("commissioning is not configured"));
        Assert.That(harness.Journal().Last().GetProperty("kind").GetString(), Is.EqualTo("command-rejected"));
    }

    [Test]
    public void WithoutATokenTheButtonsAreOff()
    {
        int port = Start(token: "");
        var response = Post(port, "/api/acknowledge", "X-EdgeAE-Token: anything\r\n");
        Assert.That(Status(response), Is.EqualTo(403));
        Assert.That(Body(response), Does.Contain("set Dashboard:Token"));
        Assert.That(Status(Get(port, "/")), Is.EqualTo(200), "reading on loopback needs no token");
    }

    [Test]
    public void OnANonLoopbackAddressEveryRequestNeedsTheToken()
    {
        int port = Start(url: "http://0.0.0.0:0");
        Assert.That(Status(Get(port, "/")), Is.EqualTo(401));
        Assert.That(Status(Get(port, "/api/live")), Is.EqualTo(401));
        Assert.That(Status(Get(port, "/api/stream")), Is.EqualTo(401));
        var opened = Get(port, $"/?token={Token}");
        Assert.That(Status(opened), Is.EqualTo(200));
        Assert.That(opened, Does.Contain($"Set-Cookie: {DashboardAccess.CookieName}={Token}; Path=/; HttpOnly; SameSite=Strict"));
        Assert.That(Status(Get(port, "/api/live", $"Cookie: other=1; {DashboardAccess.CookieName}={Token}\r\n")), Is.EqualTo(200));
        Assert.That(Status(Get(port, "/api/live", $"X-EdgeAE-Token: {Token}\r\n")), Is.EqualTo(200));
    }

    [Test]
    public void TheStreamIsServerSentEventsAtLeastOnceASecond()
    {
        int port = Start();
        using var client = new TcpClient("127.0.0.1", port);
        var stream = client.GetStream();
        stream.Write("GET /api/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"u8);
        stream.ReadTimeout = 5000;
        var text = new StringBuilder();
        var buffer = new byte[4096];
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (CountOf(text.ToString(), "event: live\n") < 3 && sw.Elapsed < TimeSpan.FromSeconds(5))
            text.Append(Encoding.UTF8.GetString(buffer, 0, stream.Read(buffer)));
        string all = text.ToString();
        Assert.That(all, Does.StartWith("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"));
        Assert.That(all, Does.Not.Contain("Content-Length"));
        Assert.That(CountOf(all, "event: live\n"), Is.GreaterThanOrEqualTo(3));
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "three pushes take under a second at 4 Hz; allow for a slow machine");
        var events = Body(all).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(events[0], Is.EqualTo("retry: 2000"));
        Assert.That(events[1], Does.StartWith("event: history\ndata: ["));
        foreach (var e in events.Skip(2).SkipLast(1))
        {
            var lines = e.Split('\n');
            Assert.That(lines, Has.Length.EqualTo(2), e);
            Assert.That(lines[1], Does.StartWith("data: "));
            Assert.DoesNotThrow(() => JsonDocument.Parse(lines[1]["data: ".Length..]));
        }
    }

    [Test]
    public void BeyondMaxClientsTheStreamAnswers503()
    {
        int port = Start(maxClients: 1);
        using var first = new TcpClient("127.0.0.1", port);
        first.GetStream().Write("GET /api/stream HTTP/1.1\r\n\r\n"u8);
        var buffer = new byte[64];
        first.GetStream().ReadTimeout = 5000;
        Assert.That(first.GetStream().Read(buffer), Is.GreaterThan(0));
        var second = Get(port, "/api/stream");
        Assert.That(Status(second), Is.EqualTo(503));
        Assert.That(Status(Get(port, "/api/live")), Is.EqualTo(200), "the page and its API are still served");
    }

    private static int CountOf(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
