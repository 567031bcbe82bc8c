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
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line, like every other bad input (the parser's own text lists choices over several lines).
            string message = string.Join(" ", parsed.Errors[0].Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Console.Error.WriteLine($"edgeae: error: {message} (see --help)");
            return 1;
        }
        try
        {
            return await parsed.InvokeAsync(config);
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
        yield return LearnCommand.Create();
        yield return CalibrateCommand.Create();
        yield return ExportCommand.Create();
        yield return ScoreCommand.Create();
        yield return EvaluateCommand.Create();
        yield return InspectCommand.Create();
        yield return BenchCommand.Create();
        foreach (var plant in PlantCommands.Create()) yield return plant;
    }
}
