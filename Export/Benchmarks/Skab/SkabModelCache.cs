using System.Security.Cryptography;
using System.Text;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Training;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>A trained float model and how many epochs it took (0 = loaded from the cache).</summary>
public sealed record SkabTrainedModel(ModelProto Model, int Epochs);

/// <summary>
/// Trains the per-file model, or reuses one trained earlier with identical inputs. The key hashes the
/// training rows' values and names and every training option, so a changed option or file retrains.
/// Training is deterministic for a seed, so a cached model equals a retrained one.
/// </summary>
public static class SkabModelCache
{
    public static SkabTrainedModel TrainOrLoad(string path, SensorTable train, SkabOptions options, CancellationToken cancellationToken)
    {
        string? file = options.ModelCache is null ? null : Path.Combine(options.ModelCache, $"{Path.GetFileNameWithoutExtension(path)}-{Key(train, options.Training)[..16]}.onnx");
        if (file is not null && File.Exists(file)) return new SkabTrainedModel(OnnxModelIO.Load(file), 0);
        var trained = AutoencoderTrainer.Train(train, options.Training, cancellationToken: cancellationToken);
        if (file is not null)
        {
            Directory.CreateDirectory(options.ModelCache!);
            OnnxModelIO.Save(trained.Model, file);
        }
        return new SkabTrainedModel(trained.Model, trained.Epochs);
    }

    public static string Key(SensorTable train, TrainingOptions training)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(train.Values.AsSpan()));
        // Threads never changes the weights (the trainer is deterministic across thread counts), nor
        // does the score spec (metric, reduction, top k): the runner sets those on the loaded model.
        string describe = (training with { Threads = 1, Metric = null, Reduction = ScoreReduction.Mean, TopK = 0 }).ToString() + "|hidden=" + string.Join(',', training.Hidden ?? []) + "|stages=" + string.Join(';', training.Preprocessing) + "|" + string.Join(',', train.Channels) + "|" + OnnxModelIO.ToolVersion;
        hash.AppendData(Encoding.UTF8.GetBytes(describe));
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
