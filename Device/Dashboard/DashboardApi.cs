using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeAE.Device.Http;
using EdgeAE.Device.Pipeline;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Device.Dashboard;

/// <summary>
/// The dashboard's routes: the page's files, <c>/api/live</c> (one snapshot), <c>/api/stream</c> (the
/// live SSE stream), <c>/api/events</c> (journal, newest first, <c>?kind=</c>), <c>/api/card</c> (model
/// card), and the buttons <c>POST /api/acknowledge</c> and <c>POST /api/recommission</c>.
/// </summary>
public sealed class DashboardApi(DashboardAccess access, SnapshotSource snapshots, LiveHub hub, JournalFeed? journal,
    Func<(BundleManifest Manifest, string? Path)> model, ModelCardBuilder card, OperatorActions? actions)
{
    public const string OperatorHeader = "X-EdgeAE-Operator";
    public const int MaxBody = 1024;

    public async Task HandleAsync(HttpRequestHead request, byte[] extra, Stream stream, string remote, CancellationToken stop)
    {
        if (!access.MayRead(request))
        {
            await HttpResponse.TextAsync(stream, 401, "this dashboard needs its token: open it as http://<board>:<port>/?token=<Dashboard:Token>", stop).ConfigureAwait(false);
            return;
        }
        bool post = request.Method == "POST";
        if (request.Method != "GET" && !post)
        {
            await HttpResponse.TextAsync(stream, 405, $"{request.Method} is not served here (GET, or POST for the buttons)", stop, "Allow: GET, POST\r\n").ConfigureAwait(false);
            return;
        }
        switch (request.Path)
        {
            case "/api/acknowledge" or "/api/recommission" when post:
                await ActAsync(request, extra, stream, remote, stop).ConfigureAwait(false);
                return;
            case "/api/acknowledge" or "/api/recommission":
                await HttpResponse.TextAsync(stream, 405, "the buttons are POST requests", stop, "Allow: POST\r\n").ConfigureAwait(false);
                return;
            case var _ when post:
                await HttpResponse.TextAsync(stream, 405, $"POST {request.Path} is not a button", stop, "Allow: GET\r\n").ConfigureAwait(false);
                return;
            case "/api/live":
                await Json(stream, JsonSerializer.SerializeToUtf8Bytes(snapshots.Take(), DashboardJsonContext.Default.LiveSnapshot), stop).ConfigureAwait(false);
                return;
            case "/api/stream":
                await StreamAsync(stream, remote, stop).ConfigureAwait(false);
                return;
            case "/api/events":
                await Json(stream, Events(request), stop).ConfigureAwait(false);
                return;
            case "/api/card":
                await Json(stream, Card(), stop).ConfigureAwait(false);
                return;
        }
        if (DashboardAssets.Find(request.Path) is { } file)
            await HttpResponse.WriteAsync(stream, 200, file.Type, file.Bytes, stop, access.CookieFor(request)).ConfigureAwait(false);
        else
            await HttpResponse.TextAsync(stream, 404, $"{request.Path} is not here (the page is /)", stop).ConfigureAwait(false);
    }

    private async Task StreamAsync(Stream stream, string remote, CancellationToken stop)
    {
        var client = hub.Join(remote, stop);
        if (client is null)
        {
            await HttpResponse.TextAsync(stream, 503, "too many live pages open on this board (Dashboard:MaxClients); close one", stop, "Retry-After: 10\r\n").ConfigureAwait(false);
            return;
        }
        using (client)
        {
            try
            {
                await stream.WriteAsync(HttpResponse.Head(200, "text/event-stream", null), stop).ConfigureAwait(false);
                // Reconnect after 2 s if the connection drops (browsers' EventSource default is 3 s).
                await stream.WriteAsync("retry: 2000\n\n"u8.ToArray(), stop).ConfigureAwait(false);
                await client.PumpAsync(stream).ConfigureAwait(false);
            }
            finally
            {
                hub.Leave(client);
            }
        }
    }

    private async Task ActAsync(HttpRequestHead request, byte[] extra, Stream stream, string remote, CancellationToken stop)
    {
        if (request.ContentLength > MaxBody)
        {
            await HttpResponse.TextAsync(stream, 413, $"a button sends no body (at most {MaxBody} bytes)", stop).ConfigureAwait(false);
            return;
        }
        await Discard(stream, request.ContentLength - extra.Length, stop).ConfigureAwait(false);
        if (!access.ButtonsEnabled)
        {
            await HttpResponse.TextAsync(stream, 403, "the buttons are off on this board: set Dashboard:Token to enable them", stop).ConfigureAwait(false);
            return;
        }
        if (!access.MayAct(request))
        {
            await HttpResponse.TextAsync(stream, 401, $"wrong or missing token (send it in the {DashboardAccess.TokenHeader} header)", stop).ConfigureAwait(false);
            return;
        }
        if (actions is null)
        {
            await HttpResponse.TextAsync(stream, 409, "the daemon is not scoring (no pipeline)", stop).ConfigureAwait(false);
            return;
        }
        string by = $"the dashboard ({Operator(request.Header(OperatorHeader))} at {remote})";
        ActionResult result = request.Path == "/api/acknowledge"
            ? Acknowledge(actions, by)
            : actions.Recommission(by)
                ? new ActionResult(true, $"re-commissioning requested by {by}")
                : new ActionResult(false, "commissioning is not configured on this board (set Model:Commissioning:Duration)");
        await HttpResponse.WriteAsync(stream, result.Done ? 200 : 409, "application/json",
            JsonSerializer.SerializeToUtf8Bytes(result, DashboardJsonContext.Default.ActionResult), stop).ConfigureAwait(false);
    }

    private static ActionResult Acknowledge(OperatorActions actions, string by)
    {
        actions.Acknowledge(by);
        return new ActionResult(true, $"latched alert outputs released by {by}");
    }

    /// <summary>The name the page sends: printable, at most 40 characters, never empty in the journal.</summary>
    public static string Operator(string? name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).Take(40).ToArray()).Trim();
        return clean.Length == 0 ? "unnamed" : clean;
    }

    private byte[] Events(HttpRequestHead request)
    {
        int limit = int.TryParse(request.QueryValue("limit"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? Math.Clamp(n, 1, JournalFeed.Capacity) : 100;
        var entries = journal?.Recent(request.QueryValue("kind"), limit) ?? [];
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var e in entries) w.WriteRawValue(e.Line, skipInputValidation: true);
            w.WriteEndArray();
        }
        return buffer.ToArray();
    }

    private byte[] Card()
    {
        var (manifest, path) = model();
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("card"u8);
            w.WriteRawValue(JsonSerializer.SerializeToUtf8Bytes(card.Build(manifest, path), DashboardJsonContext.Default.ModelCard), skipInputValidation: true);
            w.WritePropertyName("manifest"u8);
            w.WriteRawValue(Encoding.UTF8.GetBytes(ManifestJson.Serialize(manifest)), skipInputValidation: true);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static Task Json(Stream stream, byte[] body, CancellationToken stop) =>
        HttpResponse.WriteAsync(stream, 200, "application/json", body, stop);

    private static async Task Discard(Stream stream, long remaining, CancellationToken stop)
    {
        var sink = new byte[256];
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(DashboardServer.HeadTimeout);
        while (remaining > 0)
        {
            int n = await stream.ReadAsync(sink.AsMemory(0, (int)Math.Min(sink.Length, remaining)), limit.Token).ConfigureAwait(false);
            if (n == 0) return;
            remaining -= n;
        }
    }
}
