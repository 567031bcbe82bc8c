namespace EdgeAE.Learning;

/// <summary>
/// A recording directory: <c>recording.json</c> (channels and the learn settings, written once) and
/// <c>recording.bin</c>, fixed-size little-endian records [int64 UTC ticks][float32 × channels].
/// Fixed records make a torn tail (power cut mid-write) a simple truncation to a whole record, and
/// make the size bound exact.
/// </summary>
public static class RecordingLayout
{
    public const string HeaderFile = "recording.json";
    public const string DataFile = "recording.bin";
    /// <summary>Frames lost to sensor faults while recording (the board's count, for the fault-rate refusal).</summary>
    public const string FaultFile = "faults.txt";

    public static int RecordBytes(int channels) => sizeof(long) + channels * sizeof(float);

    public static string Header(string dir) => Path.Combine(dir, HeaderFile);
    public static string Data(string dir) => Path.Combine(dir, DataFile);
    public static string Faults(string dir) => Path.Combine(dir, FaultFile);
}
