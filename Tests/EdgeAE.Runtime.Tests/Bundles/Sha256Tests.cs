using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Tests.Bundles;

public class Sha256Tests
{
    [TestCase("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void KnownVectors(string text, string hex) =>
        Assert.That(Sha256.HexOf(System.Text.Encoding.ASCII.GetBytes(text)), Is.EqualTo(hex));

    [Test]
    public void MatchesThePlatformHashAtEveryLengthAndChunking()
    {
        var rng = new Random(3);
        foreach (int n in new[] { 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 100_003 })
        {
            var data = new byte[n];
            rng.NextBytes(data);
            string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));
            Assert.That(Sha256.HexOf(data), Is.EqualTo(expected), $"{n} bytes in one piece");
            var h = new Sha256();
            for (int i = 0; i < n; i += 37) h.Append(data.AsSpan(i, Math.Min(37, n - i)));
            Assert.That(Convert.ToHexStringLower(h.Finish()), Is.EqualTo(expected), $"{n} bytes in 37-byte pieces");
            Assert.That(Sha256.HexOf(new MemoryStream(data)), Is.EqualTo(expected), $"{n} bytes from a stream");
        }
    }
}
