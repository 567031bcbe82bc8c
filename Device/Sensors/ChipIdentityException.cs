namespace EdgeAE.Device.Sensors;

/// <summary>
/// The chip that answered is not the one configured (identity register wrong, read-back mismatch, or a
/// bus that reads all ones). <see cref="ChipArray"/> reports it as <see cref="SensorFaultKind.NotFound"/>.
/// </summary>
public sealed class ChipIdentityException : Exception
{
    public ChipIdentityException(string message) : base(message)
    {
    }
}
