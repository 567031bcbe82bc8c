using System.Text;
using EdgeAE.Device.Hosting;
using EdgeAE.Device.Options;
using EdgeAE.Export.Cli;
using EdgeAE.Export.Import.Keras;
using EdgeAE.Export.Inspection;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeAE.Fuzz;

/// <summary>
/// One entry point per reader that takes input from outside: bytes in, and either a result or one of
/// the exceptions the product reports as the user's bad input (what the CLI and the daemon turn into a
/// one-line error). Any other exception escaping a target is a bug: SharpFuzz reports it as a crash.
/// </summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["onnx"] = Onnx,
        ["manifest"] = Manifest,
        ["csv"] = Csv,
        ["f32"] = F32,
        ["keras"] = Keras,
        ["config"] = Config,
    };

    /// <summary>The device's protobuf walker (graph hash, metadata), then everything `edgeae inspect` reads (parser, manifest, signatures, histogram).</summary>
    public static void Onnx(byte[] input)
    {
        UserErrorsAllowed(() =>
        {
            _ = OnnxModelFile.GraphSha256(input);
            _ = OnnxModelFile.MetadataValue(input, BundleManifest.MetadataKey);
        });
        WithFile(input, ".onnx", path => _ = ModelInspector.Inspect(path).ToText());
    }

    public static void Manifest(byte[] input) => UserErrorsAllowed(() =>
        ManifestValidator.ValidateFields(ManifestJson.Parse(Encoding.UTF8.GetString(input))));

    public static void Csv(byte[] input) => WithFile(input, ".csv", path =>
    {
        var t = SensorDataReader.Read(path, new DataReadOptions { LabelColumn = "anomaly" });
        _ = t.SamplePeriod();
    });

    public static void F32(byte[] input) => WithFile(input.Length > 0 ? input[1..] : input, ".f32", path =>
        SensorDataReader.Read(path, new DataReadOptions { Channels = input.Length > 0 ? 1 + input[0] % 8 : 1 }));

    public static void Keras(byte[] input) =>
        WithFile(input, input.Length > 1 && input[0] == 'P' && input[1] == 'K' ? ".keras" : ".h5", path => KerasImporter.Import(path));

    /// <summary>appsettings.json as the daemon reads it: JSON provider, source-generated binder, both validators.</summary>
    public static void Config(byte[] input) => WithFile(input, ".json", path =>
    {
        var config = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        var services = new ServiceCollection();
        services.AddOptions<DeviceOptions>().Bind(config);
        services.AddSingleton<IValidateOptions<DeviceOptions>, DeviceOptionsValidator>();
        services.AddSingleton<IValidateOptions<DeviceOptions>, DeviceOptionsRules>();
        using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<DeviceOptions>>().Value;
    });

    /// <summary>The exceptions the product reports as bad input; everything else escapes (a crash for the fuzzer).</summary>
    public static bool IsUserError(Exception e) => CliErrors.IsUserError(e)
        || e is OptionsValidationException or StartupException
        || e is InvalidOperationException ioe && ConfigError.DescribeBinding(ioe) is not null
        || e is InvalidDataException ide && ConfigError.DescribeFile(ide) is not null;

    private static void UserErrorsAllowed(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (IsUserError(e))
        {
        }
    }

    private static readonly string Scratch = Path.Combine(Path.GetTempPath(), $"edgeae-fuzz-{Environment.ProcessId}");

    /// <summary>The readers take paths: the input goes through a scratch file, as a user's file would.</summary>
    private static void WithFile(byte[] input, string extension, Action<string> read)
    {
        Directory.CreateDirectory(Scratch);
        string path = Path.Combine(Scratch, "input" + extension);
        File.WriteAllBytes(path, input);
        UserErrorsAllowed(() => read(path));
    }
}
