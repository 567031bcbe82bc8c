using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeAE.Plant.Signing;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae sign`: signs a bundle for deployment (ECDSA P-256 over its SHA-256, written to
/// bundle.onnx.sig), or makes a new signing key pair (`--new-key NAME` → NAME.key, NAME.pub; the
/// .pub goes on the boards as Mqtt:Deploy:TrustedKeys).
/// </summary>
public static class SignCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string?>("bundle") { Description = "The bundle to sign", Arity = ArgumentArity.ZeroOrOne };
        var key = new Option<string?>("--key") { Description = "PEM private key (from --new-key)" };
        var output = new Option<string?>("-o", "--output") { Description = "Signature file (default: <bundle>.sig)" };
        var newKey = new Option<string?>("--new-key") { Description = "Create a key pair NAME.key (private, mode 600) and NAME.pub (public) instead of signing" };
        var json = CommonOptions.Json();
        var command = new Command("sign", "Sign a bundle so boards accept it from `edgeae fleet deploy`, or create a signing key pair") { bundle, key, output, newKey, json };
        command.SetAction(r =>
        {
            if (r.GetValue(newKey) is { } name)
            {
                string priv = name + ".key", pub = name + ".pub";
                if (File.Exists(priv)) throw new UsageException($"{priv} exists; refusing to overwrite a signing key");
                string id = BundleSigner.CreateKey(priv, pub);
                Print(r.GetValue(json), new JsonObject { ["private_key"] = priv, ["public_key"] = pub, ["key_id"] = id },
                    $"key {id}: private {priv} (keep it off the boards), public {pub} (install as Mqtt:Deploy:TrustedKeys)");
                return 0;
            }
            string path = r.GetValue(bundle) ?? throw new UsageException("give the bundle to sign, or --new-key NAME");
            string keyPath = r.GetValue(key) ?? throw new UsageException("--key PRIVATE.pem is required to sign");
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist");
            if (!File.Exists(keyPath)) throw new FileNotFoundException($"{keyPath} does not exist");
            ECDsa ecdsa;
            try
            {
                ecdsa = BundleSigner.LoadKey(keyPath);
            }
            catch (CryptographicException e)
            {
                throw new InputException(keyPath, e.Message, e);
            }
            using (ecdsa)
            {
                var signature = BundleSigner.Sign(File.ReadAllBytes(path), ecdsa);
                string sigPath = r.GetValue(output) ?? path + BundleSigner.SignatureSuffix;
                BundleSigner.WriteSignature(sigPath, signature);
                Print(r.GetValue(json), new JsonObject { ["bundle"] = path, ["signature"] = sigPath, ["sha256"] = signature.Sha256, ["key_id"] = signature.KeyId },
                    $"signed {path} (SHA-256 {signature.Sha256[..12]}…) with key {signature.KeyId} → {sigPath}");
            }
            return 0;
        });
        return command;
    }

    private static void Print(bool json, JsonObject o, string text) => Console.WriteLine(json ? o.ToJsonString() : text);
}
