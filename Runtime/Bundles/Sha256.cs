using System.Buffers.Binary;
using System.Numerics;

namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// SHA-256 (FIPS 180-4) in managed code, for the integrity hashes a start reads: the bundle's graph
/// hash, the optimized-model cache's key and the adaptive state's spec hash. Not for secrets or
/// signatures (those stay with System.Security.Cryptography).
/// <para>
/// Why not the platform's SHA-256: on Linux it is OpenSSL, and a daemon that only needs these hashes
/// loaded libcrypto and libssl at every start for them: 3.7 MB of RSS (3.4 MB libcrypto's pages and
/// OpenSSL's heap) and the library loads and OpenSSL's configuration on the path to the first
/// score. With this the daemon loads OpenSSL only when a feature needs it (TLS to the broker,
/// a signed bundle's ECDSA check). Scalar on purpose: the Pi 3 and 4 have no SHA extensions, and a
/// bundle is hashed once per load (a 1 MB graph in a few ms).
/// </para>
/// </summary>
public static class Sha256
{
    public const int HashSizeInBytes = 32;
    private const int BlockSize = 64;

    private static ReadOnlySpan<uint> K =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>The SHA-256 of <paramref name="data"/>.</summary>
    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var state = new State();
        state.Append(data);
        var hash = new byte[HashSizeInBytes];
        state.Finish(hash);
        return hash;
    }

    /// <summary>The SHA-256 of the rest of <paramref name="stream"/>, read in 64 KiB pieces.</summary>
    public static byte[] HashData(Stream stream)
    {
        var state = new State();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(buffer)) > 0) state.Append(buffer.AsSpan(0, read));
        var hash = new byte[HashSizeInBytes];
        state.Finish(hash);
        return hash;
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="data"/>.</summary>
    public static string Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(HashData(data));

    /// <summary>The running hash: eight words, a partial block and the length so far.</summary>
    private sealed class State
    {
        private readonly uint[] h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
        private readonly byte[] pending = new byte[BlockSize];
        private readonly uint[] w = new uint[64];
        private int pendingLength;
        private ulong totalBytes;

        public void Append(ReadOnlySpan<byte> data)
        {
            totalBytes += (ulong)data.Length;
            if (pendingLength > 0)
            {
                int take = Math.Min(BlockSize - pendingLength, data.Length);
                data[..take].CopyTo(pending.AsSpan(pendingLength));
                pendingLength += take;
                data = data[take..];
                if (pendingLength < BlockSize) return;
                Compress(pending);
                pendingLength = 0;
            }
            while (data.Length >= BlockSize)
            {
                Compress(data[..BlockSize]);
                data = data[BlockSize..];
            }
            data.CopyTo(pending);
            pendingLength = data.Length;
        }

        public void Finish(Span<byte> hash)
        {
            ulong bits = totalBytes * 8;
            // Padding: 0x80, zeros up to 56 mod 64, then the message length in bits, big-endian.
            Span<byte> tail = stackalloc byte[2 * BlockSize];
            tail.Clear();
            pending.AsSpan(0, pendingLength).CopyTo(tail);
            tail[pendingLength] = 0x80;
            int length = pendingLength < BlockSize - 8 ? BlockSize : 2 * BlockSize;
            BinaryPrimitives.WriteUInt64BigEndian(tail[(length - 8)..], bits);
            for (int offset = 0; offset < length; offset += BlockSize) Compress(tail.Slice(offset, BlockSize));
            for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(hash[(4 * i)..], h[i]);
        }

        private void Compress(ReadOnlySpan<byte> block)
        {
            var k = K;
            for (int t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(4 * t)..]);
            for (int t = 16; t < 64; t++)
            {
                uint s0 = BitOperations.RotateRight(w[t - 15], 7) ^ BitOperations.RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
                uint s1 = BitOperations.RotateRight(w[t - 2], 17) ^ BitOperations.RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            uint a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (int t = 0; t < 64; t++)
            {
                uint sigma1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
                uint choose = (e & f) ^ (~e & g);
                uint t1 = hh + sigma1 + choose + k[t] + w[t];
                uint sigma0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
                uint majority = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = sigma0 + majority;
                hh = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
        }
    }
}
