using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Training;
using EdgeAE.Training.Objectives;
using EdgeAE.Training.Optim;

namespace EdgeAE.Export.Cli;

/// <summary>`edgeae train`: trains an autoencoder on sensor data and writes a float bundle.</summary>
public static class TrainCommand
{
    /// <summary>The product recipe's training defaults (<see cref="TrainingOptions"/>).</summary>
    private static readonly TrainingOptions D = new();

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training data: CSV with header, or raw float32 .f32 (with --channels)", Required = true };
        var columns = CommonOptions.Columns();
        var rows = CommonOptions.Rows();
        var channels = CommonOptions.Channels();
        var arch = Choice("--arch", "Architecture", "conv1d", "dense", "conv1d", "conv2d");
        var window = new Option<int?>("--window") { Description = $"Window length W in samples (default {D.Window}; with --front-end the front end's natural window)" };
        var hop = new Option<int?>("--hop") { Description = "Stride between training windows, also the bundle's scoring hop (default 1; logmel: its hop_length; spectrum: half the window)" };
        var frontEnd = new Option<string?>("--front-end") { Description = FrontEndSyntax.Help };
        var latent = new Option<int?>("--latent") { Description = "Code size: dense units (default 8) or conv code channels (conv1d 16, conv2d 8)" };
        var hidden = new Option<string?>("--hidden") { Description = "Hidden sizes before the code, comma-separated (dense default 64,32; conv1d filters 32; conv2d 16)" };
        var kernel = new Option<int>("--kernel") { Description = "Convolution kernel length along time", DefaultValueFactory = _ => 7 };
        var activation = Choice("--activation", "Hidden activation", "relu", "relu", "leaky_relu", "tanh", "sigmoid");
        var decoder = Choice("--decoder", "Conv decoder: transposed convolutions, or upsample + conv (Conv-only, int8-friendly)", "transpose", "transpose", "upsample");
        var batchNorm = new Option<bool>("--batch-norm") { Description = "Batch normalisation after hidden layers (folded into the exported graph)" };
        var dropout = new Option<float>("--dropout") { Description = "Dropout rate after the first encoder/decoder stage (training only)" };
        var variant = Choice("--variant", "Autoencoder variant", "plain", "plain", "denoising", "sparse", "contractive", "vae", "vqvae");
        var beta = new Option<double>("--beta") { Description = "VAE: KL weight β", DefaultValueFactory = _ => 1.0 };
        var klAnneal = new Option<int>("--kl-anneal") { Description = "VAE: epochs over which β ramps up from 0 (0 = off)", DefaultValueFactory = _ => 10 };
        var freeBits = new Option<double>("--free-bits") { Description = "VAE: per-unit KL floor in nats (against posterior collapse)" };
        var penalty = new Option<double?>("--penalty") { Description = "Sparse/contractive penalty weight λ (defaults 1e-2 / 1e-4)" };
        var sparsityTarget = new Option<double?>("--sparsity-target") { Description = "Sparse: target rate ρ (KL sparsity on a sigmoid code) instead of L1" };
        var codebook = new Option<int>("--codebook") { Description = "VQ-VAE: codebook entries", DefaultValueFactory = _ => 64 };
        var commitment = new Option<double>("--commitment") { Description = "VQ-VAE: commitment weight", DefaultValueFactory = _ => 0.25 };
        var noise = new Option<double>("--noise") { Description = "Denoising: Gaussian input noise std (normalized units)", DefaultValueFactory = _ => 0.1 };
        var maskRate = new Option<double>("--mask-rate") { Description = "Denoising: fraction of input values zeroed" };
        var loss = Choice("--loss", "Training loss", "mse", "mse", "mae", "bce");
        var metric = new Option<string?>("--metric") { Description = "Score metric in the bundle: mse or mae (default: mae)" };
        metric.AcceptOnlyFromAmong("mse", "mae");
        var reduction = ScoreRecipeOptions.Reduction(ScoreRecipeOptions.Name(D.Reduction));
        var topK = ScoreRecipeOptions.TopK(Math.Max(1, D.TopK));
        var stages = ScoreRecipeOptions.Stages();
        var normalization = Choice("--normalization", "Per-channel normalization fitted on the training rows", "zscore", "zscore", "minmax");
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 32 };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => 1e-3f };
        var weightDecay = new Option<float>("--weight-decay") { Description = "Decoupled (AdamW) weight decay" };
        var schedule = Choice("--lr-schedule", "Learning-rate schedule", "constant", "constant", "cosine");
        var valSplit = new Option<double>("--val-split") { Description = "Fraction of rows (the last, by time) for validation", DefaultValueFactory = _ => 0.2 };
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience in epochs (0 = off); best weights are restored", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (same seed and data → identical model)" };
        var threads = new Option<int>("--threads") { Description = "Training threads (results do not depend on it)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--output", "-o") { Description = "Bundle to write (.onnx)", Required = true };
        var json = CommonOptions.Json();

        var command = new Command("train", "Train an autoencoder on sensor data and write a float ONNX bundle")
        {
            data, columns, rows, channels, arch, window, hop, frontEnd, latent, hidden, kernel, activation, decoder, batchNorm, dropout,
            variant, beta, klAnneal, freeBits, penalty, sparsityTarget, codebook, commitment, noise, maskRate, loss, metric, reduction, topK, stages, normalization,
            epochs, batch, lr, weightDecay, schedule, valSplit, patience, seed, threads, output, json,
        };
        command.SetAction(r =>
        {
            var table = SensorDataReader.Read(r.GetValue(data)!, CommonOptions.ReadOptions(r, columns, rows, channels));
            var lossKind = r.GetValue(loss) switch { "mae" => LossKind.Mae, "bce" => LossKind.Bce, _ => LossKind.Mse };
            var fe = FrontEndSyntax.Parse(r.GetValue(frontEnd));
            int windowLength = r.GetValue(window) ?? (fe is null ? D.Window : FrontEndSyntax.DefaultWindow(fe));
            var options = new TrainingOptions
            {
                Arch = r.GetValue(arch) switch { "dense" => Architecture.Dense, "conv2d" => Architecture.Conv2D, _ => Architecture.Conv1D },
                Window = windowLength,
                Hop = r.GetValue(hop) ?? (fe is null ? 1 : FrontEndSyntax.DefaultHop(fe, windowLength)),
                FrontEnd = fe,
                Latent = r.GetValue(latent),
                Hidden = ParseHidden(r.GetValue(hidden)),
                Kernel = r.GetValue(kernel),
                Activation = r.GetValue(activation) switch { "leaky_relu" => HiddenActivation.LeakyRelu, "tanh" => HiddenActivation.Tanh, "sigmoid" => HiddenActivation.Sigmoid, _ => HiddenActivation.Relu },
                Decoder = r.GetValue(decoder) == "upsample" ? DecoderKind.Upsample : DecoderKind.Transpose,
                BatchNorm = r.GetValue(batchNorm),
                Dropout = r.GetValue(dropout),
                Variant = r.GetValue(variant) switch { "denoising" => Variant.Denoising, "sparse" => Variant.Sparse, "contractive" => Variant.Contractive, "vae" => Variant.Vae, "vqvae" => Variant.VqVae, _ => Variant.Plain },
                Beta = r.GetValue(beta),
                KlAnnealEpochs = r.GetValue(klAnneal),
                FreeBits = r.GetValue(freeBits),
                Penalty = r.GetValue(penalty),
                SparsityTarget = r.GetValue(sparsityTarget),
                CodebookSize = r.GetValue(codebook),
                Commitment = r.GetValue(commitment),
                NoiseStd = r.GetValue(noise),
                MaskRate = r.GetValue(maskRate),
                Loss = lossKind,
                Metric = r.GetValue(metric) switch { "mse" => ErrorMetric.Mse, "mae" => ErrorMetric.Mae, _ => null },
                Reduction = ScoreRecipeOptions.ParseReduction(r.GetValue(reduction)!),
                TopK = r.GetValue(reduction) == "top_k" ? r.GetValue(topK) : 0,
                Preprocessing = StageSyntax.ParseOrDefault(r.GetValue(stages), D.Preprocessing),
                Normalization = r.GetValue(normalization) == "minmax" ? NormalizationKind.MinMax : NormalizationKind.ZScore,
                Epochs = r.GetValue(epochs),
                BatchSize = r.GetValue(batch),
                LearningRate = r.GetValue(lr),
                WeightDecay = r.GetValue(weightDecay),
                Schedule = r.GetValue(schedule) == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant,
                ValSplit = r.GetValue(valSplit),
                Patience = r.GetValue(patience),
                Seed = r.GetValue(seed),
                Threads = r.GetValue(threads),
            };
            bool asJson = r.GetValue(json);
            bool live = !asJson && !Console.IsOutputRedirected;
            var progress = new ConsoleEpochProgress(asJson ? Console.Error : Console.Out, live);
            TrainingResult result;
            try
            {
                result = AutoencoderTrainer.Train(table, options, progress);
            }
            finally
            {
                progress.Finish();
            }
            string path = r.GetValue(output)!;
            result.Save(path);
            Print(result, options, path, asJson);
            return 0;
        });
        return command;
    }

    private static Option<string> Choice(string name, string description, string fallback, params string[] values)
    {
        var option = new Option<string>(name) { Description = $"{description}: {string.Join("|", values)}", DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    private static int[]? ParseHidden(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0 ? v
                : throw new UsageException($"--hidden: '{s}' is not a positive integer"))
            .ToArray();
    }

    private static void Print(TrainingResult result, TrainingOptions options, string path, bool asJson)
    {
        var m = result.Manifest;
        if (asJson)
        {
            var o = new JsonObject
            {
                ["output"] = Path.GetFullPath(path),
                ["arch"] = options.Arch.ToString().ToLowerInvariant(),
                ["variant"] = options.Variant.ToString().ToLowerInvariant(),
                ["layout"] = m.Layout.ToString().ToLowerInvariant(),
                ["window"] = m.Window,
                ["front_end"] = m.FrontEnd?.ToString(),
                ["model_window"] = m.ModelWindow,
                ["hop"] = m.Hop,
                ["channels"] = new JsonArray(m.Channels.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
                ["preprocessing"] = new JsonArray(m.Preprocessing.Select(st => (JsonNode?)JsonValue.Create(st.ToString())).ToArray()),
                ["val_loss"] = result.ValLoss,
                ["baseline_val_loss"] = result.BaselineValLoss,
                ["train_loss"] = result.TrainLoss,
                ["epochs"] = result.Epochs,
                ["best_epoch"] = result.BestEpoch,
                ["train_windows"] = result.TrainWindows,
                ["val_windows"] = result.ValWindows,
                ["windows_per_second"] = Math.Round(result.WindowsPerSecond, 1),
                ["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
                ["seed"] = options.Seed,
                ["graph_sha256"] = result.GraphSha256,
            };
            Console.Out.WriteLine(o.ToJsonString());
            return;
        }
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(inv, $"wrote {path}: {options.Arch.ToString().ToLowerInvariant()} {options.Variant.ToString().ToLowerInvariant()}, window {m.Window} × {m.ChannelCount} channels, layout {m.Layout.ToString().ToLowerInvariant()}{(m.FrontEnd is { } fe ? $", front end {fe} → {m.ModelWindow} values per channel" : "")}"));
        if (m.Preprocessing.Length > 0) Console.Out.WriteLine("preprocessing: " + string.Join("; ", m.Preprocessing.Select(st => st.ToString())));
        Console.Out.WriteLine(string.Create(inv, $"val loss {result.ValLoss:G5} (baseline {result.BaselineValLoss:G5}, {result.ValLoss / result.BaselineValLoss:P1} of it) after {result.Epochs} epochs (best {result.BestEpoch}), {result.TrainWindows} train / {result.ValWindows} val windows"));
        Console.Out.WriteLine(string.Create(inv, $"{result.WindowsPerSecond:F0} windows/s, {result.Elapsed.TotalSeconds:F1} s, graph sha256 {result.GraphSha256}"));
    }
}
