using System.Text;
using System.Text.Json;

namespace EdgeAE.Device.Journal;

/// <summary>Reads the journal's files back in sequence order (oldest rotated file first, the active file last).</summary>
public static class JournalFiles
{
    /// <summary>events.N.jsonl … events.1.jsonl, events.jsonl: oldest first.</summary>
    public static List<string> OldestFirst(string directory)
    {
        var files = new List<string>();
        for (int i = 1; File.Exists(Path.Combine(directory, $"events.{i}.jsonl")); i++)
            files.Insert(0, Path.Combine(directory, $"events.{i}.jsonl"));
        string active = Path.Combine(directory, EventJournal.FileName);
        if (File.Exists(active)) files.Add(active);
        return files;
    }

    /// <summary>The sequence number of a file's first line; long.MaxValue for an empty or unreadable file.</summary>
    public static long FirstSeq(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(fs, Encoding.UTF8);
        return reader.ReadLine() is { } line && SeqOf(Encoding.UTF8.GetBytes(line)) is { } s ? s : long.MaxValue;
    }

    /// <summary>Every complete line with a sequence number above <paramref name="afterSeq"/>, in order.</summary>
    public static IEnumerable<(long Seq, byte[] Line)> ReadAfter(string directory, long afterSeq)
    {
        var files = OldestFirst(directory);
        // Skip whole files that end before the wanted sequence number (the next file starts past it).
        int start = 0;
        for (int i = files.Count - 1; i >= 0; i--)
        {
            if (FirstSeq(files[i]) <= afterSeq + 1) { start = i; break; }
        }
        for (int i = start; i < files.Count; i++)
        {
            List<byte[]> lines;
            try
            {
                lines = CompleteLines(files[i]);
            }
            catch (FileNotFoundException)
            {
                continue;   // rotated away meanwhile: its events are in the next file name, read on the next pass
            }
            foreach (var line in lines)
                if (SeqOf(line) is { } s && s > afterSeq) yield return (s, line);
        }
    }

    private static List<byte[]> CompleteLines(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var lines = new List<byte[]>();
        int from = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            if (i > from) lines.Add(bytes[from..i]);
            from = i + 1;
        }
        // Bytes after the last newline are a line still being written (or torn): not an event yet.
        return lines;
    }

    /// <summary>The "seq" of one journal line, or null when the line is not a journal object.</summary>
    public static long? SeqOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isSeq = reader.ValueTextEquals("seq"u8);
                if (!reader.Read()) return null;
                if (isSeq) return reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
