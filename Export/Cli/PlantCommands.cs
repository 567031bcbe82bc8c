using System.CommandLine;

namespace EdgeAE.Export.Cli;

/// <summary>The plant verbs: `sign` (bundles for deployment) and `fleet` (view, deploy, simulate).</summary>
public static class PlantCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return SignCommand.Create();
        yield return FleetCommand.Create();
    }
}
