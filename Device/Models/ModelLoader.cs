using EdgeAE.Device.Options;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Inference;

namespace EdgeAE.Device.Models;

/// <summary>Loads a bundle with the configured inference settings and proves it with <see cref="BundleSelfTest"/>.</summary>
public sealed class ModelLoader
{
    private readonly InferenceSettings settings;

    /// <param name="cacheDirectory">Where ONNX Runtime's optimized graph is cached (verified before use); null = no cache.</param>
    public ModelLoader(ModelOptions options, string? cacheDirectory = null)
    {
        Path = ResolvePath(options.Path);
        settings = new InferenceSettings { IntraOpThreads = options.Threads, OptimizedModelCacheDirectory = cacheDirectory };
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
    public (Bundle Bundle, BundleSelfTest.Result Test) Load(Func<BundleManifest, string?>? compatible = null)
    {
        if (!File.Exists(Path)) throw new BundleException("path", $"'{Path}' does not exist");
        var bundle = Bundle.Load(Path, settings);
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
