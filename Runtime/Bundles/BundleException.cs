namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// The one error a bundle can fail with. <see cref="Field"/> names the manifest field (or model
/// property) that is wrong, so a device log line points straight at the problem.
/// </summary>
public sealed class BundleException(string field, string problem, Exception? inner = null) : InputException(field, problem, inner)
{
    public string Field => Subject;
}
