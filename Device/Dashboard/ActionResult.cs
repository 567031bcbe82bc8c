namespace EdgeAE.Device.Dashboard;

/// <summary>The answer to a button: done or not, and what the journal now says.</summary>
public sealed class ActionResult(bool done, string message)
{
    public bool Done { get; } = done;
    public string Message { get; } = message;
}
