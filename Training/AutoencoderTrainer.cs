using System.Diagnostics;
using EdgeAE.Onnx;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Streaming;
using EdgeAE.Runtime.Streaming.Preprocessing;
using EdgeAE.Training.Engine;
using EdgeAE.Training.Model;
using EdgeAE.Training.Objectives;
using EdgeAE.Training.Optim;

namespace EdgeAE.Training;

/// <summary>
/// Trains an autoencoder on a sensor table and returns a float bundle. Windows come from
/// <see cref="WindowExtractor"/> with the bundle's own manifest, so the model trains on exactly the
/// normalized windows the device will feed it. Same data + options + seed → identical weights for
/// any thread count.
/// </summary>
public static class AutoencoderTrainer
{
    public static TrainingResult Train(SensorTable table, TrainingOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(options);
        SampleRateCheck.Require(table, options.FrontEnd);
        // Preprocessing stages run once over the whole table in time order, as on the device; what
        // follows (normalization fit, split, windows) then works on the stages' output.
        var stages = StageRequest.ResolveAll(options.Preprocessing, table);
        var staged = PreprocessingTransform.Apply(table, stages);
        var (trainTable, valTable) = DataSplit.ByTime(staged, options.ValSplit, options.Window);
        var manifest = NewManifest(trainTable, options);
        var train = ExtractWindows(trainTable, manifest, options, "training");
        var val = valTable is null ? train : ExtractWindows(valTable, manifest, options, "validation");

        var rng = new Rng(options.Seed);
        // With a front end the model's window is the front end's rows · features per channel.
        var model = ArchitectureBuilder.Build(options with { Window = manifest.ModelWindow }, table.ChannelCount, rng);
        var compute = new Compute(options.Threads, rng, options.ParallelThreshold);
        var loss = ReconstructionLoss.Create(options.Loss);
        var regularizer = Regularizer(options, model);
        var adam = new Adam(model.Parameters, weightDecay: options.WeightDecay);
        int d = model.WindowValues;
        int trainCount = train.Length / d, valCount = val.Length / d;

        double baseline = BaselineLoss(train, val, manifest, loss);
        var history = new List<EpochReport>();
        var order = Enumerable.Range(0, trainCount).ToArray();
        int batch = Math.Min(options.BatchSize, trainCount);
        var input = new float[batch * d];
        var target = new float[batch * d];
        var dOut = new float[batch * d];
        double best = double.PositiveInfinity;
        int bestEpoch = 0, sinceBest = 0, epochs = 0;
        float[][]? bestWeights = null;
        var clock = Stopwatch.StartNew();
        double lastTrainLoss = double.NaN;

        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            float lr = LearningRates.At(options.Schedule, options.LearningRate, epoch, options.Epochs);
            double klWeight = options.Variant == Variant.Vae ? options.Beta / d * Anneal(options, epoch) : 0;
            rng.Shuffle(order);
            double lossSum = 0;
            compute.Training = true;
            for (int start = 0; start < trainCount; start += batch)
            {
                int n = Math.Min(batch, trainCount - start);
                for (int s = 0; s < n; s++)
                    Array.Copy(train, order[start + s] * d, target, s * d, d);
                Array.Copy(target, input, n * d);
                if (options.Variant == Variant.Denoising) Corrupt(input.AsSpan(0, n * d), options, rng);
                adam.ZeroGrad();
                var output = model.Forward(compute, input, n);
                double recon = loss.Compute(output.AsSpan(0, n * d), target.AsSpan(0, n * d), dOut);
                double penalty = model.Backward(compute, dOut, n, regularizer, klWeight, options.FreeBits);
                if (!double.IsFinite(recon) || !double.IsFinite(penalty))
                    throw new InputException($"training diverged in epoch {epoch + 1} (loss {recon + penalty}); try a lower learning rate");
                adam.Step(lr);
                lossSum += recon * n;
            }
            epochs = epoch + 1;
            lastTrainLoss = lossSum / trainCount;
            double valLoss = Evaluate(model, compute, val, d, loss);
            if (!double.IsFinite(valLoss))
                throw new InputException($"training diverged in epoch {epochs} (validation loss {valLoss}); try a lower learning rate");
            bool improved = valLoss < best;
            if (improved)
            {
                best = valLoss;
                bestEpoch = epochs;
                sinceBest = 0;
                bestWeights = model.Snapshot();
            }
            else sinceBest++;
            var elapsed = clock.Elapsed;
            var report = new EpochReport(epochs, options.Epochs, lastTrainLoss, valLoss, best, improved, lr, elapsed,
                elapsed / epochs * (options.Epochs - epochs), (double)epochs * trainCount / Math.Max(elapsed.TotalSeconds, 1e-9));
            history.Add(report);
            progress?.Report(report);
            if (options.Patience > 0 && sinceBest >= options.Patience) break;
        }
        var trainingTime = clock.Elapsed;
        if (bestWeights is not null) model.Restore(bestWeights);
        if (!model.AllFinite())
            throw new InputException("training produced non-finite weights; refusing to write the model (try a lower learning rate)");
        double finalVal = Evaluate(model, compute, val, d, loss);

        var onnx = model.Export();
        manifest.Preprocessing = stages;
        OnnxModelIO.StampManifest(onnx, manifest);
        return new TrainingResult
        {
            Model = onnx,
            Manifest = manifest,
            ValLoss = finalVal,
            BaselineValLoss = baseline,
            TrainLoss = lastTrainLoss,
            Epochs = epochs,
            BestEpoch = bestEpoch,
            WindowsPerSecond = (double)epochs * trainCount / Math.Max(trainingTime.TotalSeconds, 1e-9),
            TrainWindows = trainCount,
            ValWindows = valCount,
            Elapsed = trainingTime,
            History = history,
        };
    }

    private static void Validate(TrainingOptions o)
    {
        if (o.Window < 1) throw new InvalidParameterException(nameof(o.Window), $"must be ≥ 1, got {o.Window}");
        if (o.Hop < 1) throw new InvalidParameterException(nameof(o.Hop), $"must be ≥ 1, got {o.Hop}");
        if (o.FrontEnd is { } frontEnd) ManifestValidator.ValidateFrontEnd(frontEnd, o.Window);
        if (o.Epochs < 1) throw new InvalidParameterException(nameof(o.Epochs), $"must be ≥ 1, got {o.Epochs}");
        if (o.BatchSize < 1) throw new InvalidParameterException(nameof(o.BatchSize), $"must be ≥ 1, got {o.BatchSize}");
        if (!(o.LearningRate > 0) || !float.IsFinite(o.LearningRate)) throw new InvalidParameterException(nameof(o.LearningRate), $"must be > 0, got {o.LearningRate}");
        if (o.Patience < 0) throw new InvalidParameterException(nameof(o.Patience), $"must be ≥ 0, got {o.Patience}");
        if (!(o.Beta >= 0)) throw new InvalidParameterException(nameof(o.Beta), $"must be ≥ 0, got {o.Beta}");
        if (!(o.Dropout >= 0 && o.Dropout < 1)) throw new InvalidParameterException(nameof(o.Dropout), $"must be in [0, 1), got {o.Dropout}");
        if (o.SparsityTarget is double rho && !(rho > 0 && rho < 1)) throw new InvalidParameterException(nameof(o.SparsityTarget), $"must be in (0, 1), got {rho}");
        if (o.Loss == LossKind.Bce && o.Normalization != NormalizationKind.MinMax)
            throw new InvalidParameterException(nameof(o.Loss), "bce needs data in [0, 1]: use min-max normalization");
    }

    private static BundleManifest NewManifest(SensorTable train, TrainingOptions o) => new()
    {
        Layout = ArchitectureBuilder.LayoutOf(o.Arch),
        Window = o.Window,
        Hop = o.Hop,
        Channels = train.Channels.ToArray(),
        Normalization = NormalizationFit.Fit(train, o.Normalization),
        FrontEnd = o.FrontEnd,
        Score = new ScoreSpec { Metric = o.ScoreMetric, Reduction = o.Reduction, TopK = o.Reduction == ScoreReduction.TopK ? o.TopK : 0 },
        Provenance = new Provenance
        {
            Precision = Precision.Fp32,
            Source = $"edgeae train {o.Arch.ToString().ToLowerInvariant()} {o.Variant.ToString().ToLowerInvariant()} seed {o.Seed}",
        },
    };

    private static float[] ExtractWindows(SensorTable table, BundleManifest manifest, TrainingOptions o, string part)
    {
        var (windows, _) = WindowExtractor.Extract(table, manifest, o.Hop);
        if (windows.Length == 0)
            throw new InputException(table.Source, $"no complete {part} window of {o.Window} valid rows (rows with NaN/Inf are skipped)");
        if (!Array.TrueForAll(windows, float.IsFinite))
            throw new InputException(table.Source, $"{part} windows contain non-finite values after normalization");
        return windows;
    }

    private static CodeRegularizer? Regularizer(TrainingOptions o, AutoencoderModel model) => o.Variant switch
    {
        Variant.Sparse when o.SparsityTarget is double rho => new KlSparsity(o.Penalty ?? 1e-2, rho),
        Variant.Sparse => new L1Sparsity(o.Penalty ?? 1e-2),
        Variant.Contractive => new ContractivePenalty((Dense)model.Encoder.Layers[0], o.Penalty ?? 1e-4),
        _ => null,
    };

    private static double Anneal(TrainingOptions o, int epoch) => o.KlAnnealEpochs <= 0 ? 1 : Math.Min(1.0, (epoch + 1.0) / o.KlAnnealEpochs);

    /// <summary>Gaussian and/or masking noise on the input (the target stays clean).</summary>
    private static void Corrupt(Span<float> x, TrainingOptions o, Rng rng)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (o.MaskRate > 0 && rng.NextDouble() < o.MaskRate) x[i] = 0;
            else if (o.NoiseStd > 0) x[i] += (float)(o.NoiseStd * rng.NextGaussian());
        }
    }

    /// <summary>Mean reconstruction loss (inference mode) over all windows, in fixed batch order.</summary>
    public static double Evaluate(AutoencoderModel model, Compute compute, float[] windows, int d, ReconstructionLoss loss)
    {
        bool wasTraining = compute.Training;
        compute.Training = false;
        int count = windows.Length / d;
        const int evalBatch = 256;
        var buffer = new float[Math.Min(evalBatch, count) * d];
        double sum = 0;
        for (int start = 0; start < count; start += evalBatch)
        {
            int n = Math.Min(evalBatch, count - start);
            Array.Copy(windows, start * d, buffer, 0, n * d);
            var output = model.Forward(compute, buffer, n);
            sum += loss.Mean(output.AsSpan(0, n * d), buffer.AsSpan(0, n * d)) * n;
        }
        compute.Training = wasTraining;
        return sum / count;
    }

    /// <summary>The loss of predicting every value as its channel's mean over the training windows (normalized units).</summary>
    public static double BaselineLoss(float[] train, float[] val, BundleManifest manifest, ReconstructionLoss loss)
    {
        int c = manifest.ChannelCount, w = manifest.ModelWindow, d = c * w;
        bool timeMajor = WindowLayout.IsTimeMajor(manifest.Layout);
        int Channel(int i) => timeMajor ? i % c : i / w;
        var mean = new double[c];
        for (int i = 0; i < train.Length; i++) mean[Channel(i % d)] += train[i];
        long perChannel = train.Length / c;
        var prediction = new float[d];
        for (int i = 0; i < d; i++) prediction[i] = (float)(mean[Channel(i)] / perChannel);
        double sum = 0;
        int count = val.Length / d;
        for (int s = 0; s < count; s++) sum += loss.Mean(prediction, val.AsSpan(s * d, d));
        return sum / count;
    }
}
