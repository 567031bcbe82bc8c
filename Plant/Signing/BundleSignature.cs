namespace EdgeAE.Plant.Signing;

/// <summary>
/// The detached signature of a bundle file (<c>bundle.onnx.sig</c>): the file's SHA-256, the id of
/// the signing key and an ECDSA P-256 signature over that digest (IEEE P1363, base64).
/// </summary>
public sealed class BundleSignature
{
    public const string AlgorithmName = "ecdsa-p256-sha256";

    public string Algorithm { get; set; } = AlgorithmName;
    public string Sha256 { get; set; } = "";
    public string KeyId { get; set; } = "";
    public string Signature { get; set; } = "";
}
