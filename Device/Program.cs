using EdgeAE.Device.Hosting;
using EdgeAE.Device.Options;
using EdgeAE.Device.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeAE.Device;

public static class Program
{
    /// <summary>sysexits EX_CONFIG: the service cannot run as configured; the unit does not restart on it.</summary>
    public const int ConfigExitCode = 78;

    public static int Main(string[] args)
    {
        DeviceComponents? components = null;
        bool checkConfig = args.Contains("--check-config");
        // Whatever escapes, the alert outputs go to their safe state first.
        AppDomain.CurrentDomain.UnhandledException += (_, _) => components?.Alerts.SafeState();
        try
        {
            var cli = CommandLine.Parse(args);
            if (cli.Help)
            {
                Console.WriteLine(CommandLine.Usage);
                return 0;
            }
            if (cli.Version)
            {
                Console.WriteLine($"edgeae-device {typeof(Program).Assembly.GetName().Version?.ToString(3)}");
                return 0;
            }
            // ONNX Runtime loads on its own thread while the host builds; disposing joins it, so no
            // way out of Main leaves while its static initializers run.
            using var ortWarmUp = OrtWarmUp.Start();
            using var host = DeviceHost.CreateBuilder(cli.ConfigArgs).Build();
            // Resolving the options binds and validates them: a bad key stops here, before anything opens.
            var options = host.Services.GetRequiredService<IOptions<DeviceOptions>>().Value;
            if (cli.SimulateCsv is { } csv)
            {
                SimulatorCsvWriter.Write(csv, options.Source.Simulator, cli.Rows);
                Console.WriteLine($"edgeae-device: wrote {cli.Rows} rows of simulator data to {csv}");
                return 0;
            }
            if (cli.SelfTest) return SelfTestCommand.Run(options, Console.Out);
            if (cli.CheckConfig) return CheckConfigCommand.Run(() => host.Services.GetRequiredService<DeviceComponents>(), Console.Out);

            components = host.Services.GetRequiredService<DeviceComponents>();
            host.Run();
            return Environment.ExitCode;
        }
        catch (OptionsValidationException e) when (checkConfig)
        {
            // --check-config lists every problem, one line each, so a new install is completed in one pass.
            foreach (string line in ConfigError.DescribeAll(e)) Console.Error.WriteLine($"edgeae-device: config error: {line}");
            return ConfigExitCode;
        }
        catch (OptionsValidationException e)
        {
            return Fail($"config error: {ConfigError.Describe(e)}", ConfigExitCode);
        }
        catch (InvalidOperationException e) when (ConfigError.DescribeBinding(e) is { } line)
        {
            return Fail($"config error: {line}", ConfigExitCode);
        }
        catch (InvalidDataException e) when (ConfigError.DescribeFile(e) is { } line)
        {
            return Fail($"config error: {line}", ConfigExitCode);
        }
        catch (FormatException e)
        {
            // Command-line syntax the configuration provider rejects.
            return Fail($"config error: {e.Message.Split('\n')[0]}", ConfigExitCode);
        }
        catch (StartupException e)
        {
            return Fail(e.Message, ConfigExitCode);
        }
        finally
        {
            components?.Dispose();
        }
    }

    private static int Fail(string line, int code)
    {
        Console.Error.WriteLine($"edgeae-device: {line}");
        return code;
    }
}
