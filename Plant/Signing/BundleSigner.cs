using System.Security.Cryptography;
using System.Text.Json;

namespace EdgeAE.Plant.Signing;

/// <summary>
/// Signs bundles on the workstation and verifies them on the board with ECDSA P-256 (System.Security.Cryptography;
/// .NET has no Ed25519). Keys are PEM files: the private key stays with whoever releases models, the
/// public key is installed on the boards as a trusted key.
/// </summary>
public static class BundleSigner
{
    public const string SignatureSuffix = ".sig";

    /// <summary>A new P-256 key pair written as PKCS#8 (private, mode 600) and SubjectPublicKeyInfo (public) PEM files.</summary>
    public static string CreateKey(string privatePath, string publicPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(privatePath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem());
        return KeyId(key);
    }

    /// <summary>First 16 hex digits of the SHA-256 of the public key (SubjectPublicKeyInfo DER).</summary>
    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    public static ECDsa LoadKey(string pemPath)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(pemPath));
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new CryptographicException($"{pemPath}: not a PEM EC key ({e.Message})", e);
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new CryptographicException($"{pemPath}: an EC key of {key.KeySize} bits; bundles are signed with P-256");
        }
        return key;
    }

    public static BundleSignature Sign(ReadOnlySpan<byte> bundle, ECDsa privateKey)
    {
        var digest = SHA256.HashData(bundle);
        return new BundleSignature
        {
            Sha256 = Convert.ToHexStringLower(digest),
            KeyId = KeyId(privateKey),
            Signature = Convert.ToBase64String(privateKey.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
        };
    }

    /// <summary>
    /// Null when <paramref name="bundle"/> has the SHA-256 the sender claims and the signature is by one
    /// of <paramref name="trusted"/>; otherwise the reason it is refused.
    /// </summary>
    public static string? Verify(ReadOnlySpan<byte> bundle, string? claimedSha256, BundleSignature? signature, IReadOnlyList<ECDsa> trusted)
    {
        var digest = SHA256.HashData(bundle);
        string actual = Convert.ToHexStringLower(digest);
        if (string.IsNullOrEmpty(claimedSha256)) return "no SHA-256 given";
        if (!string.Equals(actual, claimedSha256, StringComparison.OrdinalIgnoreCase))
            return $"SHA-256 mismatch: received {actual[..12]}…, expected {claimedSha256[..Math.Min(12, claimedSha256.Length)]}…";
        if (signature is null || string.IsNullOrEmpty(signature.Signature)) return "unsigned bundle (sign it with `edgeae sign`)";
        if (signature.Algorithm != BundleSignature.AlgorithmName) return $"unsupported signature algorithm '{signature.Algorithm}'";
        if (!string.Equals(signature.Sha256, actual, StringComparison.OrdinalIgnoreCase)) return "the signature is for another file (its SHA-256 differs)";
        if (trusted.Count == 0) return "no trusted signing keys configured (Mqtt:Deploy:TrustedKeys)";
        byte[] sig;
        try
        {
            sig = Convert.FromBase64String(signature.Signature);
        }
        catch (FormatException)
        {
            return "the signature is not base64";
        }
        foreach (var key in trusted)
            if (KeyId(key) == signature.KeyId && key.VerifyHash(digest, sig, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                return null;
        return $"the signature is not by a trusted key (key id {signature.KeyId})";
    }

    public static void WriteSignature(string path, BundleSignature s) =>
        File.WriteAllText(path, JsonSerializer.Serialize(s, PlantJsonContext.Default.BundleSignature) + "\n");

    public static BundleSignature ReadSignature(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), PlantJsonContext.Default.BundleSignature)
                   ?? throw new InvalidDataException($"{path}: empty signature file");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a signature file ({e.Message})", e);
        }
    }
}
