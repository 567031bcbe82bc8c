using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeAE.Device.Tests.Support;

namespace EdgeAE.Device.Tests.Dashboard;

/// <summary>
/// The page in a real browser (Debian's chromium, headless, over the DevTools protocol) on the demo
/// daemon: 10× simulated speed, so a fault comes every 6 s; latched outputs with an acknowledge input.
/// One daemon and one browser for the class; the tests run in order on them.
/// </summary>
[NonParallelizable]
public partial class DashboardBrowserTests
{
    private const string Token = "browser-test-token";
    private string dir = "";
    private int port;
    private DaemonProcess? daemon;
    private HeadlessChromium? browser;

    private string Url => $"http://127.0.0.1:{port}/";

    [OneTimeSetUp]
    public void StartDaemonAndBrowser()
    {
        if (HeadlessChromium.Executable is null)
            Assert.Ignore("chromium is not installed (apt-get install -y chromium; .ci/run installs it): the browser tests are skipped");
        dir = TestPaths.TempDir("dashboard-browser");
        port = MosquittoBroker.FreePort();
        daemon = new DaemonProcess(dir, new Dictionary<string, string> { ["STATE_DIRECTORY"] = dir },
            "--demo", "--Source:Speed", "10", "--Model:ReloadPollSeconds", "0", "--Journal:Acknowledge", "true",
            "--Alerts:Latch", "true", "--Alerts:AckPin", "5",
            "--Dashboard:Enabled", "true", "--Dashboard:Url", $"http://127.0.0.1:{port}", "--Dashboard:Token", Token);
        Assert.That(daemon.WaitFor(() => daemon.Stdout.Any(l => l.Contains("dashboard: http://127.0.0.1:", StringComparison.Ordinal)), TimeSpan.FromSeconds(30)),
            Is.True, string.Join("\n", daemon.Stdout.TakeLast(20)) + string.Join("\n", daemon.Stderr));
        browser = HeadlessChromium.Start();
        Assert.That(browser.Navigate(Url), Is.Null);
        Assert.That(browser.WaitUntil("document.getElementById('conn').textContent === 'live'", TimeSpan.FromSeconds(15)), Is.Not.Null, "the page connected its live stream");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        browser?.Dispose();
        daemon?.Dispose();
        if (dir.Length > 0) Directory.Delete(dir, recursive: true);
    }

    [Test, Order(1)]
    public void ThePageLoadsAndTheTraceUpdates()
    {
        var b = browser!;
        Assert.That((string?)b.Evaluate("document.title"), Is.EqualTo("EdgeAE"));
        Assert.That(b.WaitUntil("trace.length >= 2", TimeSpan.FromSeconds(5)), Is.Not.Null, "trace points arrive");
        double first = (double)b.Evaluate("trace[trace.length - 1].t")!;
        Thread.Sleep(1200);
        double later = (double)b.Evaluate("trace[trace.length - 1].t")!;
        Assert.That(later - first, Is.GreaterThanOrEqualTo(900), "a new point at least every second");
        Assert.That((string?)b.Evaluate("document.getElementById('model').textContent"), Does.StartWith("model "));
        Assert.That((double)b.Evaluate("document.querySelectorAll('#channels .bar').length")!, Is.EqualTo(6), "one bar per channel");
        // The canvas is drawn: some pixels in the plot area are the score line's blue.
        Assert.That((bool)b.Evaluate("(() => { const c = document.getElementById('trace'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            + " for (let i = 0; i < d.length; i += 4) if (d[i] === 31 && d[i + 1] === 111 && d[i + 2] === 209) return true; return false; })()")!, Is.True);
        Assert.That((string?)b.Evaluate("document.querySelector('#card').textContent"), Does.Contain("Bundle SHA-256").And.Contain("How they were set"));
    }

    [Test, Order(2)]
    public void AnAlarmAppearsInTheEventListWithin2sOfItsJournalLine()
    {
        var b = browser!;
        var d = daemon!;
        int seen = d.Stdout.Count;
        string? line = null;
        // The log line "#<seq> ALARM raised: … (top: …)" is written right after the journal's fsync.
        Assert.That(d.WaitFor(() => (line = d.Stdout.Skip(seen).FirstOrDefault(l => RaisedLine().IsMatch(l))) is not null, TimeSpan.FromSeconds(30)),
            Is.True, "the simulator's fault raised an alarm: " + string.Join("\n", d.Stdout.TakeLast(10)));
        var seenAt = Stopwatch.StartNew();
        string seq = RaisedLine().Match(line!).Groups[1].Value;
        var took = b.WaitUntil($"!!document.querySelector('#events li[data-seq=\"{seq}\"]')", TimeSpan.FromSeconds(5));
        Assert.That(took, Is.Not.Null, $"journal entry #{seq} never appeared on the page");
        Assert.That(seenAt.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), $"#{seq} appeared {seenAt.Elapsed.TotalSeconds:0.00} s after its journal line");
        string text = (string)b.Evaluate($"document.querySelector('#events li[data-seq=\"{seq}\"]').textContent")!;
        Assert.That(text, Does.Match("(ALARM|WARNING) (raised|escalated)").And.Contain("top channels:"));
        Assert.That((string?)b.Evaluate("document.querySelector('#events li').dataset.seq"), Is.EqualTo(seq), "newest first");
        // During the alarm: the level banner, then a screenshot for a person to look at.
        b.WaitUntil("document.getElementById('level').textContent === 'alarm'", TimeSpan.FromSeconds(3));
        Thread.Sleep(300);
        Attach(b.Screenshot(), "dashboard-alarm.png", "the page during an alarm");
        // The README's picture (docs/dashboard.png) is this one at 60 %: copy it from the test output when the page changes.
        Attach(b.Screenshot(0.6), "dashboard-alarm-readme.png", "the page during an alarm, README size");
    }

    [Test, Order(3)]
    public void AcknowledgeClearsALatchedAlarmLine()
    {
        var b = browser!;
        const string alarmLine = "document.querySelector('#lines .pin[data-name=\"alarm\"]')";
        // After an alarm episode clears, the latch keeps the alarm line on until someone acknowledges.
        Assert.That(b.WaitUntil($"{alarmLine}?.dataset.on === 'true' && document.getElementById('level').dataset.level === 'normal'", TimeSpan.FromSeconds(30)),
            Is.Not.Null, "an alarm episode ended with its line latched on");
        Assert.That((string)b.Evaluate($"{alarmLine}.textContent")!, Does.Contain("latched: acknowledge to release"));
        Assert.That(b.WaitUntil("document.getElementById('level').textContent === 'alarm latched'", TimeSpan.FromSeconds(1)), Is.Not.Null, "the banner does not say normal while the alarm output is on");
        Attach(b.Screenshot(), "dashboard-latched.png", "after the alarm cleared, the line still latched");
        b.Evaluate($"document.getElementById('who').value = 'Test technician'; document.getElementById('token').value = '{Token}'; document.getElementById('ack').click(); true");
        Assert.That(b.WaitUntil($"{alarmLine}.dataset.on === 'false'", TimeSpan.FromSeconds(3)), Is.Not.Null, "the acknowledge released the alarm line");
        Assert.That(b.WaitUntil("document.getElementById('level').textContent === 'normal'", TimeSpan.FromSeconds(1)), Is.Not.Null);
        Assert.That(b.WaitUntil("document.getElementById('result').textContent.includes('released by the dashboard (Test technician at 127.0.0.1)')", TimeSpan.FromSeconds(2)), Is.Not.Null);
        Assert.That(b.WaitUntil("[...document.querySelectorAll('#events li')].some(li => li.dataset.kind === 'acknowledged')", TimeSpan.FromSeconds(3)), Is.Not.Null, "journaled, and the list shows it");
    }

    [Test, Order(4)]
    public void ARequestWithoutTheTokenIsRefused()
    {
        var b = browser!;
        Assert.That((double)b.Evaluate("fetch('api/acknowledge', { method: 'POST' }).then(r => r.status)")!, Is.EqualTo(401));
        Assert.That((double)b.Evaluate("fetch('api/recommission', { method: 'POST', headers: { 'X-EdgeAE-Token': 'not-the-token' } }).then(r => r.status)")!, Is.EqualTo(401));
        b.Evaluate("document.getElementById('token').value = 'wrong'; document.getElementById('ack').click(); true");
        Assert.That(b.WaitUntil("document.getElementById('result').textContent.startsWith('✗ wrong or missing token')", TimeSpan.FromSeconds(3)), Is.Not.Null);
    }

    [Test, Order(5)]
    public void NothingIsServedOnALanAddress()
    {
        var lan = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (lan is null) Assert.Ignore("this machine has no non-loopback IPv4 address to try");
        using var client = new TcpClient();
        var e = Assert.Throws<SocketException>(() => client.Connect(lan, port));
        Assert.That(e!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused), $"{lan}:{port}");
        Assert.That(browser!.Navigate($"http://{lan}:{port}/"), Is.EqualTo("net::ERR_CONNECTION_REFUSED"), "the browser gets no page either");
    }

    private static void Attach(byte[] png, string name, string description)
    {
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        File.WriteAllBytes(path, png);
        TestContext.AddTestAttachment(path, description);
    }

    [GeneratedRegex(@"#(\d+) (?:ALARM|WARNING) (?:raised|escalated)")]
    private static partial Regex RaisedLine();
}
