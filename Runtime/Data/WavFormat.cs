namespace EdgeAE.Runtime.Data;

/// <summary>What a WAV file's <c>fmt </c> and <c>data</c> chunks say: rate, channels, sample encoding, where the samples are.</summary>
public sealed record WavFormat(int SampleRate, int Channels, int BitsPerSample, bool IsFloat, long DataOffset, long DataBytes)
{
    public int BytesPerSample => BitsPerSample / 8;
    public int BlockAlign => BytesPerSample * Channels;
    public long Frames => DataBytes / BlockAlign;

    public string Encoding => IsFloat ? $"float{BitsPerSample}" : BitsPerSample == 8 ? "unsigned 8-bit PCM" : $"{BitsPerSample}-bit PCM";

    public override string ToString() => $"{SampleRate} Hz, {Channels} channel{(Channels == 1 ? "" : "s")}, {Encoding}";
}
