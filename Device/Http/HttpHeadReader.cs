namespace EdgeAE.Device.Http;

/// <summary>Reads one request head from a connection: 400 for a malformed head, 431 for one too large, 408-like close on a timeout.</summary>
public static class HttpHeadReader
{
    public sealed class Result(int status, HttpRequestHead? request, string? problem)
    {
        public int Status { get; } = status;
        public HttpRequestHead? Request { get; } = request;
        public string? Problem { get; } = problem;
    }

    /// <summary>The parsed head, and the bytes that came after it (the start of a body).</summary>
    public static async Task<(Result Head, byte[] Extra)> ReadAsync(Stream stream, TimeSpan timeout, CancellationToken stop)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(timeout);
        var buffer = new byte[HttpRequestHead.MaxBytes];
        int used = 0;
        while (true)
        {
            int end = buffer.AsSpan(0, used).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var request = HttpRequestHead.Parse(buffer.AsSpan(0, end));
                var result = request is null ? new Result(400, null, "malformed HTTP request") : new Result(200, request, null);
                return (result, buffer[(end + 4)..used]);
            }
            if (used == buffer.Length) return (new Result(431, null, $"request head larger than {HttpRequestHead.MaxBytes} bytes"), []);
            int n = await stream.ReadAsync(buffer.AsMemory(used), limit.Token).ConfigureAwait(false);
            if (n == 0) return (new Result(400, null, "incomplete HTTP request"), []);
            used += n;
        }
    }
}
