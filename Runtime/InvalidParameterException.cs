namespace EdgeAE.Runtime;

/// <summary>
/// One parameter of a library options type is out of range. <see cref="Parameter"/> is the property
/// name (<c>nameof(CalibrationOptions.Q)</c>; a nested options object's as <c>Adaptive.Risk</c>), so a
/// front end can say it its own way: the CLI as <c>--q</c> / <c>--adaptive-risk</c>, the daemon as
/// <c>Model:Commissioning:Q</c>.
/// </summary>
public sealed class InvalidParameterException(string parameter, string problem) : InputException(parameter, problem)
{
    public string Parameter => Subject;
}
