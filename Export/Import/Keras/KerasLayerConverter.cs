using EdgeAE.Onnx;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Import.Keras;

/// <summary>
/// Translates Keras layers (single-input layers and merges) into ONNX nodes that compute the same numbers. Keras is
/// channels-last while ONNX Conv/Pool/Resize/ConvTranspose are channels-first, so spatial layers run
/// on a channels-first copy and Transposes are inserted only where the layout must change (Dense,
/// Flatten and Reshape see the Keras order, so a Flatten after a conv stack flattens like Keras does).
/// </summary>
internal sealed class KerasLayerConverter(GraphBuilder g, KerasWeights weights)
{
    public KerasTensor Convert(KerasLayer layer, KerasTensor x)
    {
        switch (layer.ClassName)
        {
            case "Dense": return Activation(layer, Dense(layer, x));
            case "Conv1D": return Activation(layer, Conv(layer, x, 1));
            case "Conv2D": return Activation(layer, Conv(layer, x, 2));
            case "Conv1DTranspose": return Activation(layer, ConvTranspose(layer, x, 1));
            case "Conv2DTranspose": return Activation(layer, ConvTranspose(layer, x, 2));
            case "BatchNormalization": return BatchNorm(layer, x);
            case "Activation": return ApplyActivation(layer, x, layer.Config["activation"]);
            case "ReLU": return ReluLayer(layer, x);
            case "LeakyReLU": return x with { Name = g.LeakyRelu(x.Name, (float)layer.Double("negative_slope", layer.Double("alpha", 0.3))) };
            case "ELU": return x with { Name = g.Elu(x.Name, (float)layer.Double("alpha", 1.0)) };
            // Inference no-ops.
            case "Dropout" or "GaussianNoise" or "GaussianDropout" or "AlphaDropout" or "SpatialDropout1D" or "SpatialDropout2D" or "ActivityRegularization":
                return x;
            case "Flatten": return Flatten(layer, x);
            case "Reshape": return Reshape(layer, x);
            case "MaxPooling1D": return MaxPool(layer, x, 1);
            case "MaxPooling2D": return MaxPool(layer, x, 2);
            case "UpSampling1D": return UpSample(layer, x, 1);
            case "UpSampling2D": return UpSample(layer, x, 2);
            case "ZeroPadding1D": return ZeroPad(layer, x, 1);
            case "ZeroPadding2D": return ZeroPad(layer, x, 2);
            case "Cropping1D": return Crop(layer, x, 1);
            case "Cropping2D": return Crop(layer, x, 2);
            default:
                throw new InputException(layer.Describe, $"unsupported layer class {layer.ClassName}");
        }
    }

    /// <summary>
    /// A merge layer. Inputs held channels-first stay so when all are (a skip connection inside a conv
    /// stack costs no Transpose); otherwise all are brought to the Keras order first.
    /// </summary>
    public KerasTensor Merge(KerasLayer layer, IReadOnlyList<KerasTensor> inputs)
    {
        if (inputs.Count < 2) throw layer.Problem($"merges {inputs.Count} tensor(s); needs at least 2");
        bool channelsFirst = inputs.All(t => t.ChannelsFirst);
        var xs = channelsFirst ? inputs.ToList() : inputs.Select(ChannelsLast).ToList();
        if (layer.ClassName == "Concatenate") return Concatenate(layer, xs, channelsFirst);
        var shape = xs[0].Shape;
        if (xs.Any(t => !t.Shape.SequenceEqual(shape)))
            throw layer.Problem($"inputs have different shapes ({string.Join(" vs ", xs.Select(t => $"[{string.Join(",", t.Shape)}]"))}); broadcasting merges are not supported");
        string[] names = [.. xs.Select(t => t.Name)];
        string y = layer.ClassName switch
        {
            "Add" => names.Skip(1).Aggregate(names[0], g.Add),
            "Multiply" => names.Skip(1).Aggregate(names[0], g.Mul),
            "Subtract" when names.Length == 2 => g.Node("Sub", names),
            "Subtract" => throw layer.Problem($"Subtract takes exactly 2 inputs, got {names.Length}"),
            "Average" => g.Mul(names.Skip(1).Aggregate(names[0], g.Add), g.Weight("inv_n", [1f / names.Length])),
            "Maximum" => g.Node("Max", names),
            "Minimum" => g.Node("Min", names),
            _ => throw new InputException(layer.Describe, $"unsupported layer class {layer.ClassName}"),
        };
        return new KerasTensor(y, shape, channelsFirst);
    }

    private KerasTensor Concatenate(KerasLayer layer, List<KerasTensor> xs, bool channelsFirst)
    {
        int rank = xs[0].Rank;
        if (xs.Any(t => t.Rank != rank)) throw layer.Problem("inputs have different ranks");
        int axis = layer.Int("axis", -1);
        int kerasAxis = axis < 0 ? rank + axis : axis - 1; // per-sample axis index (batch excluded)
        if (kerasAxis < 0 || kerasAxis >= rank) throw layer.Unsupported("axis", axis.ToString());
        for (int d = 0; d < rank; d++)
            if (d != kerasAxis && xs.Any(t => t.Shape[d] != xs[0].Shape[d]))
                throw layer.Problem($"inputs differ on axis {d + 1}, which is not the concatenation axis");
        if (channelsFirst && kerasAxis != rank - 1)
        {
            // Only the channel axis has a simple channels-first counterpart; go back to Keras order.
            xs = xs.Select(ChannelsLast).ToList();
            channelsFirst = false;
        }
        long onnxAxis = channelsFirst ? 1 : kerasAxis + 1;
        var shape = (int[])xs[0].Shape.Clone();
        shape[kerasAxis] = xs.Sum(t => t.Shape[kerasAxis]);
        string y = g.Node("Concat", [.. xs.Select(t => t.Name)], Attr.Int("axis", onnxAxis));
        return new KerasTensor(y, shape, channelsFirst);
    }

    /// <summary>Brings a tensor back to the Keras (channels-last) order, e.g. for the graph output.</summary>
    public KerasTensor ChannelsLast(KerasTensor x)
    {
        if (!x.ChannelsFirst) return x;
        int r = x.Rank + 1;
        var perm = new long[r];
        perm[0] = 0;
        for (int i = 1; i < r - 1; i++) perm[i] = i + 1;
        perm[r - 1] = 1;
        return x with { Name = g.Transpose(x.Name, perm), ChannelsFirst = false };
    }

    private KerasTensor ChannelsFirst(KerasTensor x)
    {
        if (x.ChannelsFirst || x.Rank < 2) return x with { ChannelsFirst = x.Rank >= 2 };
        int r = x.Rank + 1;
        var perm = new long[r];
        perm[0] = 0;
        perm[1] = r - 1;
        for (int i = 2; i < r; i++) perm[i] = i - 1;
        return x with { Name = g.Transpose(x.Name, perm), ChannelsFirst = true };
    }

    private static void RequireRank(KerasLayer layer, KerasTensor x, int spatial)
    {
        if (x.Rank != spatial + 1)
            throw layer.Problem($"expects a rank-{spatial + 2} input (batch, {spatial} spatial, channels), got per-sample shape [{string.Join(",", x.Shape)}]");
    }

    private static void RequireChannelsLast(KerasLayer layer)
    {
        string format = layer.String("data_format", "channels_last");
        if (format != "channels_last") throw layer.Unsupported("data_format", format);
    }

    private KerasTensor Dense(KerasLayer layer, KerasTensor x)
    {
        x = ChannelsLast(x);
        var w = Weight(layer, "kernel");
        int units = layer.Int("units", w.Shape[^1]);
        if (w.Shape.Length != 2 || w.Shape[0] != x.Channels || w.Shape[1] != units)
            throw layer.Problem($"kernel shape [{string.Join(",", w.Shape)}] does not map {x.Channels} inputs to {units} units");
        float[] bias = Bias(layer, units);
        int[] shape = [.. x.Shape[..^1], units];
        if (x.Rank == 1)
            return new KerasTensor(g.MatMulAdd(x.Name, w.Data, bias, w.Shape[0], units), shape, false);
        // Dense on a sequence applies to the last axis: MatMul broadcasts over the leading axes.
        string y = g.Node("MatMul", [x.Name, g.Weight("W", w.Data, w.Shape[0], units)]);
        return new KerasTensor(g.Add(y, g.Weight("B", bias, units)), shape, false);
    }

    private KerasTensor Conv(KerasLayer layer, KerasTensor x, int spatial)
    {
        RequireChannelsLast(layer);
        RequireRank(layer, x, spatial);
        var w = Weight(layer, "kernel");
        int filters = layer.Int("filters", w.Shape[^1]);
        int groups = layer.Int("groups", 1);
        int[] k = layer.Ints("kernel_size", spatial) ?? w.Shape[..spatial];
        int[] s = layer.Ints("strides", spatial) ?? Ones(spatial);
        int[] d = layer.Ints("dilation_rate", spatial) ?? Ones(spatial);
        int cin = x.Channels;
        if (w.Shape.Length != spatial + 2 || !w.Shape[..spatial].SequenceEqual(k) || w.Shape[spatial] * groups != cin || w.Shape[^1] != filters)
            throw layer.Problem($"kernel shape [{string.Join(",", w.Shape)}] does not fit kernel_size [{string.Join(",", k)}], {cin} input channels, groups {groups}, {filters} filters");
        string padding = layer.String("padding", "valid");
        var begin = new long[spatial];
        var end = new long[spatial];
        var outShape = new int[spatial + 1];
        for (int i = 0; i < spatial; i++)
        {
            int len = x.Shape[i];
            int span = (k[i] - 1) * d[i] + 1;
            switch (padding)
            {
                case "valid":
                    outShape[i] = (len - span) / s[i] + 1;
                    break;
                case "same":
                    {
                        // TensorFlow SAME: output ceil(L/s), the odd pixel of padding goes at the end.
                        int outLen = (len + s[i] - 1) / s[i];
                        int total = Math.Max((outLen - 1) * s[i] + span - len, 0);
                        begin[i] = total / 2;
                        end[i] = total - total / 2;
                        outShape[i] = outLen;
                        break;
                    }
                case "causal" when spatial == 1:
                    begin[i] = span - 1;
                    outShape[i] = (len - 1) / s[i] + 1;
                    break;
                default:
                    throw layer.Unsupported("padding", padding);
            }
            if (outShape[i] < 1) throw layer.Problem($"input length {len} is shorter than the kernel span {span}");
        }
        outShape[spatial] = filters;
        // Keras kernel [k…, Cin/g, Cout] → ONNX [Cout, Cin/g, k…].
        int[] perm = [spatial + 1, spatial, .. Enumerable.Range(0, spatial)];
        var (data, dims) = Permute(w.Data, w.Shape, perm);
        x = ChannelsFirst(x);
        string y = g.Conv(x.Name, data, Bias(layer, filters), dims, [.. s.Select(v => (long)v)], [.. begin, .. end], [.. d.Select(v => (long)v)], groups);
        return new KerasTensor(y, outShape, true);
    }

    private KerasTensor ConvTranspose(KerasLayer layer, KerasTensor x, int spatial)
    {
        RequireChannelsLast(layer);
        RequireRank(layer, x, spatial);
        if (layer.Int("groups", 1) != 1) throw layer.Unsupported("groups", layer.Int("groups", 1).ToString());
        var w = Weight(layer, "kernel");
        int filters = layer.Int("filters", w.Shape[spatial]);
        int[] k = layer.Ints("kernel_size", spatial) ?? w.Shape[..spatial];
        int[] s = layer.Ints("strides", spatial) ?? Ones(spatial);
        int[] d = layer.Ints("dilation_rate", spatial) ?? Ones(spatial);
        int[]? op = layer.Ints("output_padding", spatial);
        int cin = x.Channels;
        if (w.Shape.Length != spatial + 2 || !w.Shape[..spatial].SequenceEqual(k) || w.Shape[spatial] != filters || w.Shape[^1] != cin)
            throw layer.Problem($"kernel shape [{string.Join(",", w.Shape)}] does not fit kernel_size [{string.Join(",", k)}], {filters} filters, {cin} input channels");
        string padding = layer.String("padding", "valid");
        if (padding is not ("valid" or "same")) throw layer.Unsupported("padding", padding);
        var begin = new long[spatial];
        var end = new long[spatial];
        var extra = new long[spatial];
        var outShape = new int[spatial + 1];
        for (int i = 0; i < spatial; i++)
        {
            int len = x.Shape[i];
            int span = (k[i] - 1) * d[i] + 1;
            // Keras' deconv_output_length decides the output size; TensorFlow then computes the
            // gradient of a conv from that size down to `len`, whose padding we reproduce.
            int outLen = op is null
                ? padding == "valid" ? len * s[i] + Math.Max(span - s[i], 0) : len * s[i]
                : (len - 1) * s[i] + span - 2 * (padding == "same" ? span / 2 : 0) + op[i];
            int full = (len - 1) * s[i] + span;
            int total = full - outLen;
            if (padding == "same" && total >= 0) { begin[i] = total / 2; end[i] = total - total / 2; }
            else if (padding == "valid" && total > 0) throw layer.Problem($"output_padding {op![i]} shrinks the output below the valid size");
            if (total < 0) extra[i] = -total;
            if (extra[i] >= Math.Max(s[i], d[i])) throw layer.Unsupported("output_padding", $"[{string.Join(",", op ?? [])}] (must be smaller than the stride)");
            outShape[i] = outLen;
        }
        outShape[spatial] = filters;
        // Keras kernel [k…, Cout, Cin] → ONNX [Cin, Cout, k…].
        int[] perm = [spatial + 1, spatial, .. Enumerable.Range(0, spatial)];
        var (data, dims) = Permute(w.Data, w.Shape, perm);
        x = ChannelsFirst(x);
        var inputs = new List<string> { x.Name, g.Weight("Wt", data, dims), g.Weight("Bt", Bias(layer, filters), filters) };
        string y = g.Node("ConvTranspose", [.. inputs],
            Attr.Ints("kernel_shape", [.. k.Select(v => (long)v)]),
            Attr.Ints("strides", [.. s.Select(v => (long)v)]),
            Attr.Ints("dilations", [.. d.Select(v => (long)v)]),
            Attr.Ints("pads", [.. begin, .. end]),
            Attr.Ints("output_padding", extra));
        return new KerasTensor(y, outShape, true);
    }

    private KerasTensor BatchNorm(KerasLayer layer, KerasTensor x)
    {
        int axis = BatchNormAxis(layer, x);
        if (axis != x.Rank) throw layer.Unsupported("axis", $"{axis} (only the channel axis {x.Rank} / -1)");
        int c = x.Channels;
        var ws = weights.Of(layer);
        float[] Get(string name, float fill)
        {
            if (!ws.TryGetValue(name, out var v)) return Enumerable.Repeat(fill, c).ToArray();
            if (v.Data.Length != c) throw layer.Problem($"'{name}' has {v.Data.Length} values for {c} channels");
            return v.Data;
        }
        if (!ws.ContainsKey("moving_mean") || !ws.ContainsKey("moving_variance"))
            throw layer.Problem("moving_mean/moving_variance missing from the weight file");
        float[] gamma = layer.Bool("scale", true) ? Get("gamma", 1) : Get("-", 1);
        float[] beta = layer.Bool("center", true) ? Get("beta", 0) : Get("-", 0);
        float eps = (float)layer.Double("epsilon", 1e-3);
        if (x.ChannelsFirst || x.Rank == 1)
        {
            // ONNX normalizes axis 1; the BN folding pass merges it into the conv/dense before it.
            return x with { Name = g.BatchNorm(x.Name, gamma, beta, Get("moving_mean", 0), Get("moving_variance", 1), eps) };
        }
        // Channels-last sequence (e.g. after a per-timestep Dense): a per-channel affine map on the
        // last axis computes the same without transposing there and back.
        var mean = Get("moving_mean", 0);
        var variance = Get("moving_variance", 1);
        var scale = new float[c];
        var shift = new float[c];
        for (int i = 0; i < c; i++)
        {
            double s = gamma[i] / Math.Sqrt(variance[i] + (double)eps);
            scale[i] = (float)s;
            shift[i] = (float)(beta[i] - mean[i] * s);
        }
        string scaled = g.Mul(x.Name, g.Weight("bn_scale", scale, c));
        return x with { Name = g.Add(scaled, g.Weight("bn_shift", shift, c)) };
    }

    /// <summary>Keras 2 writes axis as [1] (with batch) or -1; Keras 3 as -1 or an int. Returns it counted with the batch axis.</summary>
    private static int BatchNormAxis(KerasLayer layer, KerasTensor x)
    {
        var node = layer.Config["axis"];
        int axis = node switch
        {
            System.Text.Json.Nodes.JsonArray { Count: 1 } a => a[0]!.GetValue<int>(),
            System.Text.Json.Nodes.JsonValue v => v.GetValue<int>(),
            null => -1,
            _ => throw layer.Unsupported("axis", node.ToJsonString()),
        };
        return axis < 0 ? x.Rank + 1 + axis : axis;
    }

    private KerasTensor Flatten(KerasLayer layer, KerasTensor x)
    {
        if (layer.String("data_format", "channels_last") != "channels_last") throw layer.Unsupported("data_format", layer.String("data_format", ""));
        if (x.Rank == 1) return x;
        x = ChannelsLast(x);
        return new KerasTensor(g.Flatten(x.Name), [x.Shape.Aggregate(1, (a, b) => a * b)], false);
    }

    private KerasTensor Reshape(KerasLayer layer, KerasTensor x)
    {
        int[] target = (layer.Config["target_shape"] as System.Text.Json.Nodes.JsonArray)?.Select(v => v!.GetValue<int>()).ToArray()
            ?? throw layer.Problem("has no target_shape");
        int total = x.Shape.Aggregate(1, (a, b) => a * b);
        int known = target.Where(v => v != -1).Aggregate(1, (a, b) => a * b);
        if (target.Count(v => v == -1) > 1 || known == 0 || total % known != 0)
            throw layer.Unsupported("target_shape", $"[{string.Join(",", target)}] for {total} values");
        int[] resolved = target.Select(v => v == -1 ? total / known : v).ToArray();
        if (resolved.Aggregate(1, (a, b) => a * b) != total)
            throw layer.Problem($"target_shape [{string.Join(",", target)}] does not hold {total} values");
        x = ChannelsLast(x);
        return new KerasTensor(g.Reshape(x.Name, [-1, .. resolved.Select(v => (long)v)]), resolved, false);
    }

    private KerasTensor MaxPool(KerasLayer layer, KerasTensor x, int spatial)
    {
        RequireChannelsLast(layer);
        RequireRank(layer, x, spatial);
        int[] k = layer.Ints("pool_size", spatial) ?? Enumerable.Repeat(2, spatial).ToArray();
        int[] s = layer.Ints("strides", spatial) ?? k;
        string padding = layer.String("padding", "valid");
        var begin = new long[spatial];
        var end = new long[spatial];
        var outShape = new int[spatial + 1];
        for (int i = 0; i < spatial; i++)
        {
            int len = x.Shape[i];
            if (padding == "valid") outShape[i] = (len - k[i]) / s[i] + 1;
            else if (padding == "same")
            {
                int outLen = (len + s[i] - 1) / s[i];
                int total = Math.Max((outLen - 1) * s[i] + k[i] - len, 0);
                begin[i] = total / 2;
                end[i] = total - total / 2;
                outShape[i] = outLen;
            }
            else throw layer.Unsupported("padding", padding);
            if (outShape[i] < 1) throw layer.Problem($"input length {len} is shorter than pool size {k[i]}");
        }
        outShape[spatial] = x.Channels;
        x = ChannelsFirst(x);
        // ONNX MaxPool ignores padded cells, like TensorFlow's SAME pooling.
        string y = g.MaxPool(x.Name, [.. k.Select(v => (long)v)], [.. s.Select(v => (long)v)], [.. begin, .. end]);
        return new KerasTensor(y, outShape, true);
    }

    private KerasTensor UpSample(KerasLayer layer, KerasTensor x, int spatial)
    {
        RequireChannelsLast(layer);
        string interpolation = layer.String("interpolation", "nearest");
        if (interpolation != "nearest") throw layer.Unsupported("interpolation", interpolation);
        RequireRank(layer, x, spatial);
        int[] size = layer.Ints("size", spatial) ?? Enumerable.Repeat(2, spatial).ToArray();
        x = ChannelsFirst(x);
        string y = g.Upsample(x.Name, [.. size.Select(v => (float)v)]);
        int[] shape = [.. x.Spatial.Select((v, i) => v * size[i]), x.Channels];
        return new KerasTensor(y, shape, true);
    }

    private KerasTensor ZeroPad(KerasLayer layer, KerasTensor x, int spatial)
    {
        RequireChannelsLast(layer);
        RequireRank(layer, x, spatial);
        var (before, after) = Pairs(layer, "padding", spatial);
        x = ChannelsFirst(x);
        long[] pads = [0, 0, .. before.Select(v => (long)v), 0, 0, .. after.Select(v => (long)v)];
        int[] shape = [.. x.Spatial.Select((v, i) => v + before[i] + after[i]), x.Channels];
        return new KerasTensor(g.Pad(x.Name, pads), shape, true);
    }

    private KerasTensor Crop(KerasLayer layer, KerasTensor x, int spatial)
    {
        RequireChannelsLast(layer);
        RequireRank(layer, x, spatial);
        var (before, after) = Pairs(layer, "cropping", spatial);
        int[] shape = [.. x.Spatial.Select((v, i) => v - before[i] - after[i]), x.Channels];
        if (shape.Any(v => v < 1)) throw layer.Problem($"cropping removes the whole input [{string.Join(",", x.Shape)}]");
        x = ChannelsFirst(x);
        string y = g.Slice(x.Name, [.. before.Select(v => (long)v)], [.. x.Spatial.Select((v, i) => (long)(v - after[i]))],
            [.. Enumerable.Range(2, spatial).Select(v => (long)v)]);
        return new KerasTensor(y, shape, true);
    }

    /// <summary>ZeroPadding/Cropping amounts: int, (a, b) for 1D or (h, w), or ((top, bottom), (left, right)).</summary>
    private static (int[] Before, int[] After) Pairs(KerasLayer layer, string key, int spatial)
    {
        var node = layer.Config[key];
        int V(System.Text.Json.Nodes.JsonNode? n) => n!.GetValue<int>();
        switch (node)
        {
            case System.Text.Json.Nodes.JsonValue v:
                return (Enumerable.Repeat(V(v), spatial).ToArray(), Enumerable.Repeat(V(v), spatial).ToArray());
            case System.Text.Json.Nodes.JsonArray a when spatial == 1 && a.Count == 2 && a[0] is System.Text.Json.Nodes.JsonValue:
                return ([V(a[0])], [V(a[1])]);
            case System.Text.Json.Nodes.JsonArray a when a.Count == spatial && a.All(e => e is System.Text.Json.Nodes.JsonValue):
                return (a.Select(V).ToArray(), a.Select(V).ToArray());
            case System.Text.Json.Nodes.JsonArray a when a.Count == spatial && a.All(e => e is System.Text.Json.Nodes.JsonArray { Count: 2 }):
                return (a.Select(e => V(e![0])).ToArray(), a.Select(e => V(e![1])).ToArray());
            default:
                throw layer.Unsupported(key, node?.ToJsonString() ?? "null");
        }
    }

    private KerasTensor ReluLayer(KerasLayer layer, KerasTensor x)
    {
        if (layer.Has("max_value")) throw layer.Unsupported("max_value", layer.Config["max_value"]!.ToJsonString());
        if (layer.Double("threshold", 0) != 0) throw layer.Unsupported("threshold", layer.Double("threshold", 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        double slope = layer.Double("negative_slope", 0);
        return x with { Name = slope == 0 ? g.Relu(x.Name) : g.LeakyRelu(x.Name, (float)slope) };
    }

    private KerasTensor Activation(KerasLayer layer, KerasTensor x) => ApplyActivation(layer, x, layer.Config["activation"]);

    /// <summary>The activation argument: a name (Keras 2/3) or a serialized function object (Keras 3).</summary>
    private KerasTensor ApplyActivation(KerasLayer layer, KerasTensor x, System.Text.Json.Nodes.JsonNode? node)
    {
        string name = node switch
        {
            null => "linear",
            System.Text.Json.Nodes.JsonValue v => v.GetValue<string>(),
            System.Text.Json.Nodes.JsonObject o when o["config"] is System.Text.Json.Nodes.JsonValue c => c.GetValue<string>(),
            _ => throw layer.Unsupported("activation", node.ToJsonString()),
        };
        string y = name switch
        {
            "linear" => x.Name,
            "relu" => g.Relu(x.Name),
            "sigmoid" => g.Sigmoid(x.Name),
            "tanh" => g.Tanh(x.Name),
            // keras.activations.leaky_relu's default negative_slope is 0.2.
            "leaky_relu" => g.LeakyRelu(x.Name, 0.2f),
            "elu" => g.Elu(x.Name, 1f),
            "softplus" => g.Softplus(x.Name),
            // SELU's constants are fixed by its definition; ONNX's defaults are the same numbers.
            "selu" => g.Node("Selu", [x.Name]),
            "swish" or "silu" => g.Mul(x.Name, g.Sigmoid(x.Name)),
            _ => throw layer.Unsupported("activation", name),
        };
        return x with { Name = y };
    }

    private KerasWeight Weight(KerasLayer layer, string name) =>
        weights.Of(layer).TryGetValue(name, out var w) ? w : throw layer.Problem($"weight '{name}' is missing from the weight file");

    private float[] Bias(KerasLayer layer, int units)
    {
        if (!layer.Bool("use_bias", true)) return new float[units];
        var b = Weight(layer, "bias");
        if (b.Data.Length != units) throw layer.Problem($"bias has {b.Data.Length} values for {units} units");
        return b.Data;
    }

    private static int[] Ones(int n) => Enumerable.Repeat(1, n).ToArray();

    /// <summary>Transposes a row-major array: output axis i is input axis perm[i].</summary>
    internal static (float[] Data, long[] Dims) Permute(float[] data, int[] shape, int[] perm)
    {
        int rank = shape.Length;
        var outShape = perm.Select(p => shape[p]).ToArray();
        var inStrides = new int[rank];
        inStrides[rank - 1] = 1;
        for (int i = rank - 2; i >= 0; i--) inStrides[i] = inStrides[i + 1] * shape[i + 1];
        var result = new float[data.Length];
        var index = new int[rank];
        for (int o = 0; o < result.Length; o++)
        {
            int src = 0;
            for (int i = 0; i < rank; i++) src += index[i] * inStrides[perm[i]];
            result[o] = data[src];
            for (int i = rank - 1; i >= 0; i--)
            {
                if (++index[i] < outShape[i]) break;
                index[i] = 0;
            }
        }
        return (result, outShape.Select(v => (long)v).ToArray());
    }
}
