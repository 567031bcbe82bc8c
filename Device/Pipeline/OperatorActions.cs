using EdgeAE.Device.Alerts;

namespace EdgeAE.Device.Pipeline;

/// <summary>
/// What an operator may ask of the running daemon, whoever relays it (an MQTT plant command, the
/// dashboard's buttons): each is carried out the same way and journaled with who asked.
/// </summary>
public sealed class OperatorActions(AlertController alerts, ScoringPipeline pipeline, EventReporter reporter)
{
    /// <summary>Releases latched outputs as the acknowledge button would.</summary>
    public void Acknowledge(string by)
    {
        alerts.Acknowledge();
        reporter.Note("acknowledged", $"latched alert outputs released by {by}");
    }

    /// <summary>Asks the scoring thread to commission again; false (journaled) when commissioning is not configured.</summary>
    public bool Recommission(string by)
    {
        if (pipeline.RequestRecommission())
        {
            reporter.Note("recommission-requested", $"re-commissioning requested by {by}");
            return true;
        }
        reporter.Note("command-rejected", "recommission: commissioning is not configured (set Model:Commissioning:Duration)");
        return false;
    }
}
