using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Learning;

namespace EdgeAE.Export.Tests.Learning;

/// <summary>The recording format, the one-line refusals and `edgeae learn --from` (the board's recipe on a workstation).</summary>
public class LearnTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-learn-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private static readonly string[] Channels = ["a", "b", "c"];
    private static readonly DateTime Start = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    private static LearnSettings Recipe() => new() { Window = 20, Hop = 4, Hidden = 8, Latent = 2, Epochs = 8, Patience = 0, Seed = 3, MinRows = 500, HoldOut = 0.25 };

    /// <summary>Three correlated channels (a sine, its double, their sum with a little noise): an autoencoder beats the channel means easily.</summary>
    private string Record(int rows, Func<int, int, float>? value = null, LearnSettings? recipe = null, long maxBytes = 1 << 24, string name = "rec")
    {
        string path = Path.Combine(dir, name);
        var rng = new Random(5);
        value ??= (r, c) =>
        {
            double s = Math.Sin(r * 0.21);
            return (float)(c switch { 0 => s, 1 => 2 * s, _ => 3 * s }) + (float)(0.01 * rng.NextDouble());
        };
        using var w = new RecordingWriter(path, Channels, recipe ?? Recipe(), maxBytes);
        var row = new float[Channels.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < row.Length; c++) row[c] = value(r, c);
            w.Append(Start.AddSeconds(r), row);
        }
        return path;
    }

    [Test]
    public void CliReproducesTheRecipeByteForByte()
    {
        string rec = Record(1200);
        var board = LearnRecipe.Run(rec);
        string output = Path.Combine(dir, "out.onnx");
        var (exit, stdout, stderr) = CliRunner.Run("learn", "--from", rec, "-o", output, "--json");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(File.ReadAllBytes(output), Is.EqualTo(board.Bundle));
        Assert.That(stdout, Does.Contain(board.GraphSha256));
        Assert.That(board.Manifest.Provenance.Precision, Is.EqualTo(EdgeAE.Runtime.Bundles.Precision.Int8));
        Assert.That(board.Manifest.Provenance.CreatedUtc, Is.EqualTo(Start.AddSeconds(1199)), "creation time = the last recorded row, not the clock");
        Assert.That(board.ValLoss, Is.LessThan(0.8 * board.BaselineValLoss));

        // Another seed is another model: the seed really is part of the result.
        var (exit2, _, _) = CliRunner.Run("learn", "--from", rec, "-o", output, "--seed", "4");
        Assert.That(exit2, Is.Zero);
        Assert.That(File.ReadAllBytes(output), Is.Not.EqualTo(board.Bundle));
    }

    [Test]
    public void TooFewRowsIsOneLine()
    {
        var (exit, _, err) = CliRunner.Run("learn", "--from", Record(300), "-o", Path.Combine(dir, "x.onnx"));
        Assert.That(exit, Is.Not.Zero);
        Assert.That(err.Trim(), Does.Contain("learning refused: too few rows: 300 recorded, 500 needed"));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(dir, "x.onnx")), Is.False);
    }

    [Test]
    public void ConstantChannelIsRefusedByName()
    {
        string rec = Record(800, (r, c) => c == 1 ? 4.5f : (float)Math.Sin(r * 0.3 + c));
        var e = Assert.Throws<LearnRefusedException>(() => LearnRecipe.Run(rec))!;
        Assert.That(e.Message, Does.StartWith("learning refused: channel 'b' is constant"));
    }

    [Test]
    public void HighSensorFaultRateIsRefused()
    {
        string rec = Record(800);
        File.WriteAllText(RecordingLayout.Faults(rec), "200");
        var e = Assert.Throws<LearnRefusedException>(() => LearnRecipe.Run(rec))!;
        Assert.That(e.Message, Does.Contain("sensor faults took 20.0 % of the frames"));
    }

    [Test]
    public void NoiseThatCannotBeLearnedIsRefusedAgainstTheBaseline()
    {
        var rng = new Random(9);
        var recipe = Recipe();
        recipe.Epochs = 3;
        string rec = Record(1200, (_, _) => (float)rng.NextDouble(), recipe);
        var e = Assert.Throws<LearnRefusedException>(() => LearnRecipe.Run(rec))!;
        Assert.That(e.Message, Does.Contain("is not clearly below the channel-mean baseline"));
    }

    [Test]
    public void RecordingIsBoundedSurvivesReopeningAndCutsATornTail()
    {
        int record = RecordingLayout.RecordBytes(Channels.Length);
        string rec = Record(100, maxBytes: record * 150);
        // A torn record, as a power cut mid-write leaves it.
        using (var f = new FileStream(RecordingLayout.Data(rec), FileMode.Append)) f.Write(new byte[record / 2]);
        using (var w = new RecordingWriter(rec, Channels, Recipe(), record * 150))
        {
            Assert.That(w.Rows, Is.EqualTo(100));
            int accepted = 0;
            for (int r = 0; r < 100; r++) if (w.Append(Start.AddSeconds(100 + r), [r, r, r])) accepted++;
            Assert.That(accepted, Is.EqualTo(50), "rows past the size bound are refused, never written over old ones");
            Assert.That(w.Full, Is.True);
        }
        var (header, table, _) = RecordingReader.Read(rec);
        Assert.That(table.Rows, Is.EqualTo(150));
        Assert.That(new FileInfo(RecordingLayout.Data(rec)).Length, Is.EqualTo(150L * record));
        Assert.That(table.Row(100).ToArray(), Is.EqualTo(new float[] { 0, 0, 0 }), "the torn half record is gone, the next row follows the last whole one");
        Assert.That(table.TimeOf(149), Is.EqualTo(Start.AddSeconds(149)));
        Assert.That(header.Settings.Seed, Is.EqualTo(3));

        var e = Assert.Throws<EdgeAE.Runtime.InputException>(() => new RecordingWriter(rec, ["x", "y", "z"], Recipe(), record * 150))!;
        Assert.That(e.Message, Does.Contain("the recording holds channels [a, b, c]"));
    }
}
