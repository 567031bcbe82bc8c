using System.Text;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Tests.Bundles;

/// <summary>The managed SHA-256 against FIPS 180-4's examples and against the platform's (OpenSSL) at every padding case.</summary>
public class Sha256Tests
{
    [TestCase("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void MatchesTheStandardsExamples(string message, string expected) =>
        Assert.That(Sha256.Hex(Encoding.ASCII.GetBytes(message)), Is.EqualTo(expected));

    [Test]
    public void AMillionAsMatchesTheStandardsLongExample() =>
        Assert.That(Sha256.Hex(Enumerable.Repeat((byte)'a', 1_000_000).ToArray()),
            Is.EqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));

    [Test]
    public void EqualsThePlatformsHashAtEveryLengthAroundTheBlockEdges()
    {
        var random = new Random(17);
        // 0–300 bytes cover every padding case: the length field fitting into the last block or not.
        for (int length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.That(Sha256.HashData(data), Is.EqualTo(System.Security.Cryptography.SHA256.HashData(data)), $"{length} bytes");
        }
    }

    [Test]
    public void AStreamReadInPiecesGivesTheSameHashAsTheBytes()
    {
        var data = new byte[200_003];
        new Random(5).NextBytes(data);
        using var stream = new TrickleStream(data, piece: 61);
        Assert.That(Sha256.HashData(stream), Is.EqualTo(System.Security.Cryptography.SHA256.HashData(data)));
    }

    /// <summary>Hands out at most <c>piece</c> bytes per read, so appends cross block edges at odd places.</summary>
    private sealed class TrickleStream(byte[] data, int piece) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(piece, buffer.Length)]);
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(piece, count));
    }
}
