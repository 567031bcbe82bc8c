using System.Text;

namespace EdgeAE.Device.Http;

/// <summary>
/// The parsed head of one HTTP/1.1 request: method, path, query and headers. Anything that is not a
/// well-formed request line plus header lines is refused (null) and answered with 400.
/// </summary>
public sealed class HttpRequestHead
{
    /// <summary>Heads larger than this are refused (431): the page and a Prometheus scrape send a few hundred bytes.</summary>
    public const int MaxBytes = 8192;

    private readonly Dictionary<string, string> headers;

    private HttpRequestHead(string method, string path, string query, Dictionary<string, string> headers)
    {
        Method = method;
        Path = path;
        Query = query;
        this.headers = headers;
    }

    public string Method { get; }
    public string Path { get; }
    /// <summary>The query string without the '?', still percent-encoded.</summary>
    public string Query { get; }

    public string? Header(string name) => headers.TryGetValue(name, out var v) ? v : null;

    public long ContentLength => long.TryParse(Header("Content-Length"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n) ? n : 0;

    /// <summary>One query parameter, decoded; null when absent.</summary>
    public string? QueryValue(string name)
    {
        foreach (var pair in Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            string key = eq < 0 ? pair : pair[..eq];
            if (key == name) return Uri.UnescapeDataString((eq < 0 ? "" : pair[(eq + 1)..]).Replace('+', ' '));
        }
        return null;
    }

    /// <summary>One cookie's value; null when absent.</summary>
    public string? Cookie(string name)
    {
        foreach (var part in (Header("Cookie") ?? "").Split(';'))
        {
            var kv = part.Trim();
            if (kv.StartsWith(name + "=", StringComparison.Ordinal)) return kv[(name.Length + 1)..];
        }
        return null;
    }

    /// <summary>Parses the bytes up to (not including) the blank line; null when malformed.</summary>
    public static HttpRequestHead? Parse(ReadOnlySpan<byte> head)
    {
        foreach (byte b in head)
            if (b == 0 || b >= 0x80) return null;   // the head is ASCII; anything else is not HTTP
        var lines = Encoding.ASCII.GetString(head).Split("\r\n");
        var first = lines[0].Split(' ');
        if (first.Length != 3 || first[0].Length == 0 || !first[0].All(char.IsAsciiLetterUpper)) return null;
        if (first[2] is not ("HTTP/1.1" or "HTTP/1.0")) return null;
        string target = first[1];
        if (!target.StartsWith('/')) return null;
        int q = target.IndexOf('?');
        string path = q < 0 ? target : target[..q];
        string query = q < 0 ? "" : target[(q + 1)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':');
            if (colon <= 0 || lines[i][..colon].Any(c => c is ' ' or '\t')) return null;
            headers[lines[i][..colon]] = lines[i][(colon + 1)..].Trim();
        }
        return new HttpRequestHead(first[0], path, query, headers);
    }
}
