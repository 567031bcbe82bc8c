using System.CommandLine;

namespace EdgeAE.Export.Cli;

/// <summary>The `edgeae` root command: one verb per file under Cli/.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("edgeae — import, train, quantize, calibrate and evaluate autoencoder bundles for edge devices");
        foreach (var command in Verbs())
            root.Subcommands.Add(command);
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(config);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            Console.Error.WriteLine($"edgeae: error: {CliErrors.Describe(e)}");
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var line in CliErrors.DescribeInternal(e)) Console.Error.WriteLine(line);
            if (Environment.GetEnvironmentVariable("EDGEAE_TRACE") == "1") Console.Error.WriteLine(e);
            return CliErrors.InternalErrorExitCode;
        }
    }

    private static IEnumerable<Command> Verbs()
    {
        yield return TrainCommand.Create();
        yield return ConvertCommand.Create();
        yield return QuantizeCommand.Create();
        yield return CalibrateCommand.Create();
        yield return ExportCommand.Create();
        yield return ScoreCommand.Create();
        yield return EvaluateCommand.Create();
        yield return InspectCommand.Create();
        yield return BenchCommand.Create();
    }
}
