using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Training;

// Trains a tiny conv1d autoencoder on two sines, writes the bundle, loads it through the Runtime and
// scores the data: the on-board learning path, end to end, in a trimmed Native-AOT binary.
const int Rows = 400;
var values = new float[Rows * 2];
for (int r = 0; r < Rows; r++)
{
    values[r * 2] = MathF.Sin(r * 0.1f);
    values[r * 2 + 1] = MathF.Cos(r * 0.07f);
}
var table = new SensorTable(["a", "b"], values, source: "probe");
var result = AutoencoderTrainer.Train(table, new TrainingOptions { Arch = Architecture.Conv1D, Window = 16, Epochs = 3, Seed = 1, Threads = 1 });
string path = Path.Combine(Path.GetTempPath(), $"edgeae-training-probe-{Environment.ProcessId}.onnx");
try
{
    result.Save(path);
    using var bundle = Bundle.Load(path);
    var scores = OfflineScorer.Score(bundle, table).Scores;
    if (scores.Length == 0 || !scores.All(float.IsFinite)) throw new InvalidOperationException("the trained bundle gave no finite scores");
    Console.WriteLine($"training-probe: {result.Epochs} epochs, val_loss {result.ValLoss:G6}, {scores.Length} windows scored, mean {scores.Average():G6}, graph {result.GraphSha256[..12]}");
}
finally
{
    File.Delete(path);
}
