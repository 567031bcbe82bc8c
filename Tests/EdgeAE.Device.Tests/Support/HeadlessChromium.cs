using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeAE.Device.Tests.Support;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (a WebSocket and JSON): navigate,
/// evaluate JavaScript, take screenshots. Playwright's .NET package would need its own driver and a
/// browser download; this is the protocol it speaks, for the three calls the dashboard tests need.
/// </summary>
public sealed partial class HeadlessChromium : IDisposable
{
    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private int nextId;

    private HeadlessChromium(Process process, string profile, Uri page)
    {
        this.process = process;
        this.profile = profile;
        socket.ConnectAsync(page, CancellationToken.None).Wait(TimeSpan.FromSeconds(10));
    }

    public static string? Executable =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    /// <summary>Starts the browser on about:blank; Assert.Ignore when no chromium is installed (CI installs it).</summary>
    public static HeadlessChromium Start(int width = 1280, int height = 1100)
    {
        string exe = Executable ?? throw new IgnoreException("chromium is not installed (apt-get install -y chromium; .ci/run installs it): the browser tests are skipped");
        string profile = TestPaths.TempDir("chromium");
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-dev-shm-usage", "--hide-scrollbars",
            $"--window-size={width},{height}", "--remote-debugging-port=0", "--remote-allow-origins=*", $"--user-data-dir={profile}", "about:blank" })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.BeginOutputReadLine();
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            if (DevToolsLine().Match(e.Data) is { Success: true } m) found.TrySetResult(m.Groups[1].Value);
        };
        process.BeginErrorReadLine();
        if (!found.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            lock (stderr) Assert.Fail("chromium did not open its DevTools port within 30 s: " + stderr);
        }
        // The browser endpoint lists its targets over HTTP on the same port: take the blank page.
        var browser = new Uri(found.Task.Result);
        using var http = new HttpClient();
        var targets = JsonNode.Parse(http.GetStringAsync($"http://{browser.Host}:{browser.Port}/json/list").Result)!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        return new HeadlessChromium(process, profile, new Uri((string)page["webSocketDebuggerUrl"]!));
    }

    /// <summary>Opens the address; null, or the browser's error (net::ERR_CONNECTION_REFUSED…).</summary>
    public string? Navigate(string url) => (string?)Call("Page.navigate", new JsonObject { ["url"] = url })["errorText"];

    /// <summary>Evaluates an expression in the page (promises awaited); returns its JSON value.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Call("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } ex) throw new InvalidOperationException($"page threw on '{expression}': {ex.ToJsonString()}");
        return result["result"]?["value"];
    }

    /// <summary>Polls an expression until it is true; the time it took, or null on timeout.</summary>
    public TimeSpan? WaitUntil(string expression, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            try
            {
                if (Evaluate(expression) is JsonValue v && v.TryGetValue(out bool ok) && ok) return sw.Elapsed;
            }
            catch (InvalidOperationException)
            {
                // The page is still loading (its elements not there yet): poll again.
            }
            Thread.Sleep(50);
        }
        return null;
    }

    /// <summary>The whole page as PNG, scaled (0.5 = half the pixels each way).</summary>
    public byte[] Screenshot(double scale = 1)
    {
        var size = Call("Page.getLayoutMetrics", new JsonObject())["cssContentSize"]!;
        var clip = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = (double)size["width"]!, ["height"] = (double)size["height"]!, ["scale"] = scale };
        return Convert.FromBase64String((string)Call("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip })["data"]!);
    }

    private JsonNode Call(string method, JsonObject parameters)
    {
        int id = ++nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token).Wait();
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult r;
            do
            {
                r = socket.ReceiveAsync(buffer, timeout.Token).Result;
                text.Write(buffer, 0, r.Count);
            } while (!r.EndOfMessage);
            var reply = JsonNode.Parse(text.ToArray())!;
            if ((int?)reply["id"] != id) continue;   // events and other replies
            if (reply["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(5000);
        process.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
