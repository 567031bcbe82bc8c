using System.Globalization;
using System.Text;

namespace EdgeAE.Device.Http;

/// <summary>
/// Writes one complete response for the daemon's two HTTP servers (the dashboard, /metrics): one request
/// per connection, since neither the page's few requests nor a scrape every few seconds needs keep-alive.
/// </summary>
public static class HttpResponse
{
    /// <summary>Every response: the page runs only its own scripts and cannot be framed by another site (harmless on a scrape).</summary>
    private const string Security =
        "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\n" +
        "Content-Security-Policy: default-src 'self'; img-src 'self' data:; frame-ancestors 'none'\r\n";

    public static byte[] Head(int status, string contentType, long? length, string? extraHeaders = null)
    {
        var text = new StringBuilder(256);
        text.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nCache-Control: no-store\r\n");
        if (length is { } n) text.Append(CultureInfo.InvariantCulture, $"Content-Length: {n}\r\n");
        text.Append(Security).Append(extraHeaders).Append("Connection: close\r\n\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    public static async Task WriteAsync(Stream stream, int status, string contentType, ReadOnlyMemory<byte> body, CancellationToken ct, string? extraHeaders = null)
    {
        await stream.WriteAsync(Head(status, contentType, body.Length, extraHeaders), ct).ConfigureAwait(false);
        await stream.WriteAsync(body, ct).ConfigureAwait(false);
    }

    /// <summary>A one-line plain-text answer (errors, refusals): what went wrong, in the user's terms.</summary>
    public static Task TextAsync(Stream stream, int status, string message, CancellationToken ct, string? extraHeaders = null) =>
        WriteAsync(stream, status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message + "\n"), ct, extraHeaders);

    public static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
