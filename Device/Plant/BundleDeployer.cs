using System.Security.Cryptography;
using EdgeAE.Device.Models;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Signing;
using EdgeAE.Runtime.Bundles;
using Microsoft.Extensions.Logging;

namespace EdgeAE.Device.Plant;

/// <summary>
/// Deploy command: fetch the bundle (URL, or chunks assembled in memory up to
/// Mqtt:Deploy:MaxBytes), check its SHA-256 and its signature by a trusted key, self-test it like
/// a hot reload would, then move it over Model:Path atomically so the model watcher swaps it in
/// through the existing hot-reload path. A refusal is journaled as <c>model-rejected</c> naming the
/// deploy id and the reason; the running model stays and the file on disk is untouched.
/// </summary>
public sealed class BundleDeployer : IDisposable
{
    private readonly ModelOptions model;
    private readonly MqttDeployOptions options;
    private readonly IReadOnlyList<string> sourceChannels;
    private readonly EventReporter reporter;
    private readonly ILogger logger;
    private readonly List<ECDsa> trusted = new();
    private readonly HttpClient http;
    private ChunkAssembly? assembly;

    public BundleDeployer(ModelOptions model, MqttDeployOptions options, IReadOnlyList<string> sourceChannels, EventReporter reporter, ILogger logger)
    {
        this.model = model;
        this.options = options;
        this.sourceChannels = sourceChannels;
        this.reporter = reporter;
        this.logger = logger;
        foreach (var path in options.TrustedKeys) trusted.Add(BundleSigner.LoadKey(path));
        http = new HttpClient { Timeout = TimeSpan.FromSeconds(options.DownloadTimeoutSeconds) };
    }

    public long Accepted { get; private set; }
    public long Rejected { get; private set; }

    public async Task HandleAsync(PlantCommand c, byte[] chunk, CancellationToken stop)
    {
        string id = string.IsNullOrWhiteSpace(c.Id) ? "(no id)" : c.Id;
        if (trusted.Count == 0)
        {
            Reject(id, "no trusted signing keys configured (Mqtt:Deploy:TrustedKeys)");
            return;
        }
        if (model.ReloadPollSeconds <= 0)
        {
            Reject(id, "hot reload is off (Model:ReloadPollSeconds = 0)");
            return;
        }
        if (c.Size is > 0 && c.Size > options.MaxBytes)
        {
            Reject(id, $"{c.Size} bytes is more than Mqtt:Deploy:MaxBytes ({options.MaxBytes})");
            return;
        }
        byte[]? bundle;
        if (!string.IsNullOrEmpty(c.Url)) bundle = await DownloadAsync(id, c.Url, stop).ConfigureAwait(false);
        else bundle = Assemble(id, c, chunk);
        if (bundle is null) return;   // rejected, or waiting for more chunks
        Install(id, bundle, c);
    }

    private async Task<byte[]?> DownloadAsync(string id, string url, CancellationToken stop)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Reject(id, $"'{url}' is not an http(s) URL");
            return null;
        }
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Reject(id, $"download {url}: HTTP {(int)response.StatusCode}");
                return null;
            }
            if (response.Content.Headers.ContentLength > options.MaxBytes)
            {
                Reject(id, $"download {url}: {response.Content.Headers.ContentLength} bytes is more than Mqtt:Deploy:MaxBytes");
                return null;
            }
            await using var body = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var block = new byte[81920];
            int n;
            while ((n = await body.ReadAsync(block, stop).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > options.MaxBytes)
                {
                    Reject(id, $"download {url}: more than Mqtt:Deploy:MaxBytes ({options.MaxBytes})");
                    return null;
                }
                buffer.Write(block, 0, n);
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !stop.IsCancellationRequested)
        {
            Reject(id, $"download {url}: {e.Message}");
            return null;
        }
    }

    /// <summary>Collects chunks of one deploy id; returns the bundle when the last one arrived.</summary>
    private byte[]? Assemble(string id, PlantCommand c, byte[] chunk)
    {
        if (c.Index is not { } index || c.Count is not { } count || count < 1 || index < 0 || index >= count)
        {
            Reject(id, "a chunked deploy needs index and count (0 ≤ index < count)");
            return null;
        }
        if (assembly is null || assembly.Id != id || assembly.Count != count)
        {
            if (assembly is { Complete: false } old && old.Id != id) logger.LogWarning("deploy {Old}: abandoned after {Got} of {Count} chunks for deploy {New}", old.Id, old.Received, old.Count, id);
            assembly = new ChunkAssembly(id, count);
        }
        if (assembly.Bytes + chunk.Length > options.MaxBytes)
        {
            assembly = null;
            Reject(id, $"chunks exceed Mqtt:Deploy:MaxBytes ({options.MaxBytes})");
            return null;
        }
        assembly.Add(index, chunk);
        if (!assembly.Complete) return null;
        var bytes = assembly.Join();
        assembly = null;
        return bytes;
    }

    private void Install(string id, byte[] bundle, PlantCommand c)
    {
        if (BundleSigner.Verify(bundle, c.Sha256, c.Signature, trusted) is { } problem)
        {
            Reject(id, problem);
            return;
        }
        string target = ModelLoader.ResolvePath(model.Path);
        string dir = Path.GetDirectoryName(Path.GetFullPath(target))!;
        string staged = Path.Combine(dir, "." + Path.GetFileName(target) + ".deploy");
        try
        {
            File.WriteAllBytes(staged, bundle);
            // The same checks a hot reload makes, before the file replaces anything: a restart must find a good bundle.
            var loader = new ModelLoader(new ModelOptions { Path = staged, Threads = model.Threads, MicroBatch = model.MicroBatch, BadSamples = model.BadSamples });
            var (loaded, _) = loader.Load(m => ScoringPipeline.Compatibility(sourceChannels, m));
            loaded.Dispose();
            using (var fs = new FileStream(staged, FileMode.Open, FileAccess.ReadWrite)) fs.Flush(flushToDisk: true);
            File.Move(staged, target, overwrite: true);
        }
        catch (Exception e) when (e is BundleException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            TryDelete(staged);
            Reject(id, e.Message);
            return;
        }
        Accepted++;
        reporter.Note("deploy-accepted", $"deploy {id}: {bundle.Length} bytes, SHA-256 {c.Sha256![..12]}…, signed by key {c.Signature!.KeyId}; installed as {target}, hot reload follows");
    }

    private void Reject(string id, string reason)
    {
        Rejected++;
        logger.LogWarning("deploy {Id} refused: {Reason}", id, reason);
        reporter.Note("model-rejected", $"deploy {id}: {reason}");
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    public void Dispose()
    {
        http.Dispose();
        foreach (var k in trusted) k.Dispose();
    }

    private sealed class ChunkAssembly(string id, int count)
    {
        private readonly byte[]?[] parts = new byte[count][];
        public string Id { get; } = id;
        public int Count { get; } = count;
        public int Received { get; private set; }
        public long Bytes { get; private set; }
        public bool Complete => Received == Count;

        public void Add(int index, byte[] chunk)
        {
            if (parts[index] is not null) return;   // a re-sent chunk (QoS 1 may repeat)
            parts[index] = chunk;
            Received++;
            Bytes += chunk.Length;
        }

        public byte[] Join()
        {
            var all = new byte[Bytes];
            long at = 0;
            foreach (var p in parts)
            {
                p!.CopyTo(all, at);
                at += p.Length;
            }
            return all;
        }
    }
}
