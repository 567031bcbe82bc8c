using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Export.Benchmarks;

/// <summary>
/// Counts the floating-point work of one window through a model: 2 × the multiply-accumulates of
/// every Gemm, MatMul, Conv and ConvTranspose (and their quantized forms), found by propagating
/// shapes through the graph with the batch dimension set to 1. Elementwise ops are not counted:
/// they are a rounding error beside the matrix products in these models, and the MLPerf-style
/// figure people compare against is MACs × 2.
/// </summary>
public static class FlopCounter
{
    public static long Count(ModelProto model) => new ShapeWalk(model.Graph).Run();

    private sealed class ShapeWalk(GraphProto graph)
    {
        private readonly Dictionary<string, long[]> shapes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TensorProto> constants = new(StringComparer.Ordinal);

        public long Run()
        {
            foreach (var init in graph.Initializer)
            {
                shapes[init.Name] = init.Dims.ToArray();
                constants[init.Name] = init;
            }
            foreach (var input in graph.Input)
            {
                if (shapes.ContainsKey(input.Name)) continue;
                var dims = input.Type?.TensorType?.Shape?.Dim;
                if (dims is null)
                    throw new InvalidDataException($"graph input '{input.Name}' has no shape");
                // Symbolic dims are the batch (EdgeAE bundles fix everything else): one window.
                shapes[input.Name] = dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? d.DimValue : 1L).ToArray();
            }
            long macs = 0;
            foreach (var node in graph.Node)
                macs += Visit(node);
            return 2 * macs;
        }

        private long[] In(NodeProto node, int index)
        {
            if (index >= node.Input.Count || node.Input[index].Length == 0)
                throw new InvalidDataException($"node '{node.Name}' ({node.OpType}) lacks input {index}");
            return shapes.TryGetValue(node.Input[index], out var s) ? s
                : throw new InvalidDataException($"node '{node.Name}' ({node.OpType}): shape of '{node.Input[index]}' is unknown");
        }

        private void Out(NodeProto node, long[] shape, int index = 0) => shapes[node.Output[index]] = shape;

        private long[] ConstInts(NodeProto node, int index)
        {
            string name = index < node.Input.Count ? node.Input[index] : "";
            return constants.TryGetValue(name, out var t) ? OnnxTensors.ToInt64s(t)
                : throw new InvalidDataException($"node '{node.Name}' ({node.OpType}): input {index} '{name}' is not a constant, so its output shape is unknown");
        }

        private long Visit(NodeProto node)
        {
            switch (node.OpType)
            {
                case "Constant":
                    var value = Attr.Find(node, "value")?.T
                        ?? throw new InvalidDataException($"Constant node '{node.Name}' has no tensor 'value'");
                    constants[node.Output[0]] = value;
                    Out(node, value.Dims.ToArray());
                    return 0;
                case "Gemm": return Gemm(node);
                case "MatMul": return MatMul(node, In(node, 0), In(node, 1));
                case "MatMulInteger": return MatMul(node, In(node, 0), In(node, 1));
                case "QLinearMatMul": return MatMul(node, In(node, 0), In(node, 3));
                case "Conv": return Conv(node, In(node, 0), In(node, 1));
                case "ConvInteger": return Conv(node, In(node, 0), In(node, 1));
                case "QLinearConv": return Conv(node, In(node, 0), In(node, 3));
                case "ConvTranspose": return ConvTranspose(node, In(node, 0), In(node, 1));
                case "Relu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Elu" or "Selu" or "Softplus" or "Identity" or "Cast"
                    or "Clip" or "QuantizeLinear" or "DequantizeLinear" or "BatchNormalization" or "Dropout" or "Sqrt" or "Exp"
                    or "Log" or "Neg" or "Abs" or "Erf" or "HardSigmoid" or "HardSwish" or "Softmax" or "LogSoftmax" or "Gelu"
                    or "InstanceNormalization" or "LayerNormalization" or "Reciprocal" or "Floor" or "Ceil" or "Round":
                    Out(node, In(node, 0));
                    return 0;
                case "Add" or "Sub" or "Mul" or "Div" or "Pow" or "Max" or "Min" or "PRelu" or "Where" or "Equal" or "Greater" or "Less":
                    Out(node, node.Input.Where(i => i.Length > 0).Select(i => shapes.TryGetValue(i, out var s) ? s
                        : throw new InvalidDataException($"node '{node.Name}' ({node.OpType}): shape of '{i}' is unknown")).Aggregate(Broadcast));
                    return 0;
                case "Reshape": Out(node, Reshape(node, In(node, 0), ConstInts(node, 1))); return 0;
                case "Flatten":
                {
                    var x = In(node, 0);
                    int axis = Axis(Attr.GetInt(node, "axis", 1), x.Length + 1);
                    Out(node, [Product(x[..axis]), Product(x[axis..])]);
                    return 0;
                }
                case "Transpose":
                {
                    var x = In(node, 0);
                    var perm = Attr.GetInts(node, "perm", Enumerable.Range(0, x.Length).Reverse().Select(i => (long)i).ToArray());
                    Out(node, perm.Select(p => x[p]).ToArray());
                    return 0;
                }
                case "MaxPool" or "AveragePool": Out(node, Pool(node, In(node, 0))); return 0;
                case "GlobalAveragePool" or "GlobalMaxPool":
                {
                    var x = In(node, 0);
                    Out(node, [x[0], x[1], .. Enumerable.Repeat(1L, x.Length - 2)]);
                    return 0;
                }
                case "Resize" or "Upsample": Out(node, Resize(node, In(node, 0))); return 0;
                case "Pad":
                {
                    var x = In(node, 0);
                    var pads = node.Input.Count > 1 ? ConstInts(node, 1) : Attr.GetInts(node, "pads", []);
                    Out(node, x.Select((d, i) => d + pads[i] + pads[i + x.Length]).ToArray());
                    return 0;
                }
                case "Slice": Out(node, Slice(node, In(node, 0))); return 0;
                case "Unsqueeze" or "Squeeze": Out(node, Squeeze(node, In(node, 0))); return 0;
                case "Concat":
                {
                    var inputs = node.Input.Select((_, i) => In(node, i)).ToList();
                    int axis = Axis(Attr.GetInt(node, "axis", 0), inputs[0].Length);
                    var shape = (long[])inputs[0].Clone();
                    shape[axis] = inputs.Sum(s => s[axis]);
                    Out(node, shape);
                    return 0;
                }
                default:
                    throw new InvalidDataException($"FLOP count: no shape rule for op {node.OpType} (node '{node.Name}')");
            }
        }

        private long Gemm(NodeProto node)
        {
            var a = In(node, 0);
            var b = In(node, 1);
            bool ta = Attr.GetInt(node, "transA", 0) != 0, tb = Attr.GetInt(node, "transB", 0) != 0;
            long m = ta ? a[1] : a[0], k = ta ? a[0] : a[1], n = tb ? b[0] : b[1];
            Out(node, [m, n]);
            return m * n * k;
        }

        private long MatMul(NodeProto node, long[] a, long[] b)
        {
            // 1-D operands are promoted to matrices and the promoted axis dropped again (numpy rules).
            long[] a2 = a.Length == 1 ? [1, a[0]] : a;
            long[] b2 = b.Length == 1 ? [b[0], 1] : b;
            long m = a2[^2], k = a2[^1], n = b2[^1];
            var batch = Broadcast(a2[..^2], b2[..^2]);
            var shape = new List<long>(batch);
            if (a.Length > 1) shape.Add(m);
            if (b.Length > 1) shape.Add(n);
            Out(node, [.. shape]);
            return Product(batch) * m * n * k;
        }

        private long Conv(NodeProto node, long[] x, long[] w)
        {
            int spatial = x.Length - 2;
            var kernel = w[2..];
            var outSpatial = WindowedOutput(node, x[2..], kernel, spatial);
            Out(node, [x[0], w[0], .. outSpatial]);
            return x[0] * w[0] * Product(outSpatial) * w[1] * Product(kernel);
        }

        private long ConvTranspose(NodeProto node, long[] x, long[] w)
        {
            int spatial = x.Length - 2;
            long group = Attr.GetInt(node, "group", 1);
            var kernel = w[2..];
            var strides = Attr.GetInts(node, "strides", Ones(spatial));
            var dil = Attr.GetInts(node, "dilations", Ones(spatial));
            var outPad = Attr.GetInts(node, "output_padding", new long[spatial]);
            var pads = Attr.GetInts(node, "pads", new long[2 * spatial]);
            var explicitShape = Attr.GetInts(node, "output_shape", []);
            var outSpatial = new long[spatial];
            for (int i = 0; i < spatial; i++)
                outSpatial[i] = explicitShape.Length == spatial ? explicitShape[i]
                    : strides[i] * (x[2 + i] - 1) + outPad[i] + (kernel[i] - 1) * dil[i] + 1 - pads[i] - pads[i + spatial];
            Out(node, [x[0], w[1] * group, .. outSpatial]);
            // Every input element is multiplied by the whole kernel for each output channel of its group.
            return x[0] * x[1] * Product(x[2..]) * w[1] * Product(kernel);
        }

        private long[] Pool(NodeProto node, long[] x)
        {
            var kernel = Attr.GetInts(node, "kernel_shape", []);
            return [x[0], x[1], .. WindowedOutput(node, x[2..], kernel, x.Length - 2)];
        }

        /// <summary>Output spatial size of a sliding-window op (Conv, pooling) under its padding rules.</summary>
        private static long[] WindowedOutput(NodeProto node, long[] input, long[] kernel, int spatial)
        {
            var strides = Attr.GetInts(node, "strides", Ones(spatial));
            var dil = Attr.GetInts(node, "dilations", Ones(spatial));
            var pads = Attr.GetInts(node, "pads", new long[2 * spatial]);
            string autoPad = Attr.GetString(node, "auto_pad", "NOTSET");
            bool ceil = Attr.GetInt(node, "ceil_mode", 0) != 0;
            var output = new long[spatial];
            for (int i = 0; i < spatial; i++)
            {
                long effective = (kernel[i] - 1) * dil[i] + 1;
                output[i] = autoPad switch
                {
                    "SAME_UPPER" or "SAME_LOWER" => (input[i] + strides[i] - 1) / strides[i],
                    "VALID" => (input[i] - effective) / strides[i] + 1,
                    _ => ceil
                        ? (input[i] + pads[i] + pads[i + spatial] - effective + strides[i] - 1) / strides[i] + 1
                        : (input[i] + pads[i] + pads[i + spatial] - effective) / strides[i] + 1,
                };
            }
            return output;
        }

        private long[] Reshape(NodeProto node, long[] x, long[] target)
        {
            var shape = new long[target.Length];
            int inferred = -1;
            for (int i = 0; i < target.Length; i++)
            {
                shape[i] = target[i] == 0 && Attr.GetInt(node, "allowzero", 0) == 0 ? x[i] : target[i];
                if (shape[i] == -1) inferred = i;
            }
            if (inferred >= 0)
                shape[inferred] = Product(x) / Product(shape.Where((_, i) => i != inferred).ToArray());
            return shape;
        }

        private long[] Resize(NodeProto node, long[] x)
        {
            // Resize(X, roi, scales, sizes) from opset 11; Upsample(X, scales) before it.
            int scalesIndex = node.OpType == "Upsample" ? 1 : 2;
            if (node.OpType == "Resize" && node.Input.Count > 3 && node.Input[3].Length > 0)
                return ConstInts(node, 3);
            string name = scalesIndex < node.Input.Count ? node.Input[scalesIndex] : "";
            if (!constants.TryGetValue(name, out var t))
                throw new InvalidDataException($"node '{node.Name}' ({node.OpType}): scales '{name}' are not a constant");
            var scales = OnnxTensors.ToFloats(t);
            return x.Select((d, i) => (long)Math.Floor(d * scales[i])).ToArray();
        }

        private long[] Slice(NodeProto node, long[] x)
        {
            var starts = ConstInts(node, 1);
            var ends = ConstInts(node, 2);
            var axes = node.Input.Count > 3 && node.Input[3].Length > 0 ? ConstInts(node, 3) : Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            var steps = node.Input.Count > 4 && node.Input[4].Length > 0 ? ConstInts(node, 4) : Ones(starts.Length);
            var shape = (long[])x.Clone();
            for (int i = 0; i < starts.Length; i++)
            {
                int axis = Axis(axes[i], x.Length);
                long dim = x[axis];
                long step = steps[i];
                long start = Clamp(starts[i] < 0 ? starts[i] + dim : starts[i], step > 0 ? 0 : -1, step > 0 ? dim : dim - 1);
                long end = Clamp(ends[i] < 0 ? ends[i] + dim : ends[i], step > 0 ? 0 : -1, step > 0 ? dim : dim - 1);
                shape[axis] = step > 0 ? Math.Max(0, (end - start + step - 1) / step) : Math.Max(0, (start - end - step - 1) / -step);
            }
            return shape;
        }

        private long[] Squeeze(NodeProto node, long[] x)
        {
            bool unsqueeze = node.OpType == "Unsqueeze";
            long[] axes = node.Input.Count > 1 && node.Input[1].Length > 0 ? ConstInts(node, 1) : Attr.GetInts(node, "axes", []);
            if (unsqueeze)
            {
                int rank = x.Length + axes.Length;
                var set = axes.Select(a => Axis(a, rank)).ToHashSet();
                var shape = new long[rank];
                for (int i = 0, j = 0; i < rank; i++) shape[i] = set.Contains(i) ? 1 : x[j++];
                return shape;
            }
            var drop = axes.Length == 0 ? x.Select((d, i) => d == 1 ? i : -1).Where(i => i >= 0).ToHashSet() : axes.Select(a => Axis(a, x.Length)).ToHashSet();
            return x.Where((_, i) => !drop.Contains(i)).ToArray();
        }

        private static long[] Broadcast(long[] a, long[] b)
        {
            int rank = Math.Max(a.Length, b.Length);
            var shape = new long[rank];
            for (int i = 0; i < rank; i++)
            {
                long da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
                long db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
                shape[i] = Math.Max(da, db);
            }
            return shape;
        }

        private static int Axis(long axis, int rank) => (int)(axis < 0 ? axis + rank : axis);
        private static long Clamp(long v, long lo, long hi) => Math.Min(Math.Max(v, lo), hi);
        private static long[] Ones(int n) => Enumerable.Repeat(1L, n).ToArray();
        private static long Product(long[] dims) => dims.Aggregate(1L, (p, d) => p * d);
    }
}
