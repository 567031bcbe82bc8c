namespace EdgeAE.Device.Hosting;

/// <summary>The device cannot start as configured (bad model, no GPIO chip, no permission). Printed as one line; exit code 78 (EX_CONFIG).</summary>
public sealed class StartupException : Exception
{
    public StartupException(string message, Exception? inner = null) : base(message, inner) { }
}
