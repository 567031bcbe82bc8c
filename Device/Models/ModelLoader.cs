using EdgeAE.Device.Options;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Inference;

namespace EdgeAE.Device.Models;

/// <summary>Loads a bundle with the configured inference settings and proves it with <see cref="BundleSelfTest"/>.</summary>
public sealed class ModelLoader
{
    private readonly InferenceSettings settings;
    private readonly Func<string, BundleFile> read;

    /// <param name="cacheDirectory">Where ONNX Runtime's optimized graph is cached (verified before use); null = no cache.</param>
    /// <param name="read">How the bundle file is read (<see cref="BundleFile.Read"/>; tests count reads or change the file right after one).</param>
    public ModelLoader(ModelOptions options, string? cacheDirectory = null, Func<string, BundleFile>? read = null)
    {
        Path = ResolvePath(options.Path);
        settings = new InferenceSettings { IntraOpThreads = options.Threads, OptimizedModelCacheDirectory = cacheDirectory };
        this.read = read ?? BundleFile.Read;
    }

    /// <summary>The bundle path: absolute, or relative to the working directory when the file is there, else to the binary's folder (where the demo bundle ships).</summary>
    public string Path { get; }

    public static string ResolvePath(string path)
    {
        if (System.IO.Path.IsPathRooted(path)) return path;
        string fromWorkingDirectory = System.IO.Path.GetFullPath(path);
        return File.Exists(fromWorkingDirectory)
            ? fromWorkingDirectory
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, path));
    }

    /// <summary>The demo bundles that ship beside the binary (demo/*.onnx): only the demo may run them.</summary>
    public static bool IsDemoBundle(string configured)
    {
        string demo = System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "demo"));
        string? dir = System.IO.Path.GetDirectoryName(ResolvePath(configured));
        return dir is not null && string.Equals(System.IO.Path.GetFullPath(dir), demo, StringComparison.Ordinal);
    }

    /// <summary>Loads and self-tests; any problem is a <see cref="BundleException"/> naming the field. <paramref name="compatible"/> may veto (e.g. channels the source lacks).</summary>
    public (Bundle Bundle, BundleSelfTest.Result Test) Load(Func<BundleManifest, string?>? compatible = null) =>
        Load(Read().File, compatible);

    /// <summary>Reads the bundle file once (stamp first); unreadable or missing is a <see cref="BundleException"/> on <c>path</c>.</summary>
    public BundleSnapshot Read()
    {
        if (!File.Exists(Path)) throw new BundleException("path", $"'{Path}' does not exist");
        var stamp = FileStamp.Of(Path);
        return new BundleSnapshot(read(Path), stamp);
    }

    /// <summary>Loads and self-tests bytes already read (<see cref="Read"/>), so whoever holds them can also keep their hash.</summary>
    public (Bundle Bundle, BundleSelfTest.Result Test) Load(BundleFile file, Func<BundleManifest, string?>? compatible = null)
    {
        var bundle = Bundle.Load(file, settings);
        try
        {
            if (compatible?.Invoke(bundle.Manifest) is { } problem) throw new BundleException("channels", problem);
            return (bundle, BundleSelfTest.Run(bundle));
        }
        catch
        {
            bundle.Dispose();
            throw;
        }
    }
}
