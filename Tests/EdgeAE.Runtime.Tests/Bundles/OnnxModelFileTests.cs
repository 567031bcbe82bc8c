using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Tests.Support;

namespace EdgeAE.Runtime.Tests.Bundles;

/// <summary>The hashes and metadata the device reads from a bundle without a protobuf library.</summary>
public class OnnxModelFileTests
{
    [TestCase("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Sha256KnownVectors(string text, string hex) =>
        Assert.That(OnnxModelFile.Sha256Hex(System.Text.Encoding.ASCII.GetBytes(text)), Is.EqualTo(hex));

    [Test]
    public void FileHashEqualsTheHashOfItsBytes()
    {
        var data = new byte[100_003];
        new Random(3).NextBytes(data);
        string path = Path.Combine(Path.GetTempPath(), $"edgeae-sha-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, data);
        try
        {
            Assert.That(OnnxModelFile.FileSha256(path), Is.EqualTo(OnnxModelFile.Sha256Hex(data)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void MetadataValueReadsTheManifestAsOrtDoes()
    {
        var m = TestBundles.Manifest(4, 2);
        byte[] bytes = TestBundles.Shift(m, 0.5f);
        string? json = OnnxModelFile.MetadataValue(bytes, BundleManifest.MetadataKey);
        using var b = TestBundles.Load(bytes);
        Assert.That(json, Is.EqualTo(b.Session.ModelMetadata.CustomMetadataMap[BundleManifest.MetadataKey]));
        Assert.That(OnnxModelFile.MetadataValue(bytes, "no-such-key"), Is.Null);
    }
}
