namespace EdgeAE.Export.Tests.Import;

/// <summary>One sample in Keras' channels-last order: [H, W, C] (1D layers use H = 1).</summary>
internal sealed record Nhwc(float[] Data, int H, int W, int C)
{
    public float this[int h, int w, int c] => Data[(h * W + w) * C + c];
    public static Nhwc Zeros(int h, int w, int c) => new(new float[h * w * c], h, w, c);
    public void Add(int h, int w, int c, float v) => Data[(h * W + w) * C + c] += v;
}

/// <summary>
/// A hand-written forward pass following TensorFlow/Keras definitions directly (loops, channels-last,
/// TF SAME padding), independent of the importer's ONNX translation.
/// </summary>
internal static class KerasReference
{
    public static float[] Dense(float[] x, float[] kernelInOut, float[] bias)
    {
        int n = bias.Length, k = x.Length;
        var y = new float[n];
        for (int j = 0; j < n; j++)
        {
            double s = bias[j];
            for (int i = 0; i < k; i++) s += x[i] * kernelInOut[i * n + j];
            y[j] = (float)s;
        }
        return y;
    }

    public static float Activate(string name, float v) => name switch
    {
        "linear" => v,
        "relu" => Math.Max(v, 0),
        "sigmoid" => 1f / (1f + MathF.Exp(-v)),
        "tanh" => MathF.Tanh(v),
        "leaky_relu" => v >= 0 ? v : 0.2f * v,
        "elu" => v >= 0 ? v : MathF.Exp(v) - 1,
        "softplus" => MathF.Log(1 + MathF.Exp(v)),
        "selu" => 1.0507009873554805f * (v > 0 ? v : 1.6732632423543772f * (MathF.Exp(v) - 1)),
        "swish" => v / (1f + MathF.Exp(-v)),
        _ => throw new ArgumentException(name),
    };

    public static float[] Activate(string name, float[] x) => x.Select(v => Activate(name, v)).ToArray();

    /// <summary>Keras BatchNormalization in inference over the last axis.</summary>
    public static float[] BatchNorm(float[] x, int channels, float[] gamma, float[] beta, float[] mean, float[] variance, float eps)
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int c = i % channels;
            y[i] = (float)((x[i] - mean[c]) / Math.Sqrt(variance[c] + eps) * gamma[c] + beta[c]);
        }
        return y;
    }

    /// <summary>TF SAME: output ceil(L/s), padding total split with the extra cell at the end.</summary>
    private static (int Out, int Begin) Same(int len, int k, int s)
    {
        int o = (len + s - 1) / s;
        return (o, Math.Max((o - 1) * s + k - len, 0) / 2);
    }

    /// <summary>Conv2D with kernel [kh, kw, Cin, Cout], padding "same"/"valid".</summary>
    public static Nhwc Conv(Nhwc x, float[] kernel, int kh, int kw, int cout, float[]? bias, int sh, int sw, string padding)
    {
        (int oh, int ph) = padding == "same" ? Same(x.H, kh, sh) : ((x.H - kh) / sh + 1, 0);
        (int ow, int pw) = padding == "same" ? Same(x.W, kw, sw) : ((x.W - kw) / sw + 1, 0);
        var y = Nhwc.Zeros(oh, ow, cout);
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                for (int co = 0; co < cout; co++)
                {
                    double s = bias?[co] ?? 0;
                    for (int a = 0; a < kh; a++)
                        for (int b = 0; b < kw; b++)
                        {
                            int hi = i * sh + a - ph, wi = j * sw + b - pw;
                            if (hi < 0 || hi >= x.H || wi < 0 || wi >= x.W) continue;
                            for (int ci = 0; ci < x.C; ci++)
                                s += x[hi, wi, ci] * kernel[((a * kw + b) * x.C + ci) * cout + co];
                        }
                    y.Add(i, j, co, (float)s);
                }
        return y;
    }

    /// <summary>
    /// Conv2DTranspose as TensorFlow defines it: the adjoint of a Conv2D (same padding rule) from the
    /// output size Keras computes down to the input size. Kernel [kh, kw, Cout, Cin].
    /// </summary>
    public static Nhwc ConvTranspose(Nhwc x, float[] kernel, int kh, int kw, int cout, float[]? bias, int sh, int sw, string padding)
    {
        int oh = padding == "same" ? x.H * sh : x.H * sh + Math.Max(kh - sh, 0);
        int ow = padding == "same" ? x.W * sw : x.W * sw + Math.Max(kw - sw, 0);
        int ph = padding == "same" ? Same(oh, kh, sh).Begin : 0;
        int pw = padding == "same" ? Same(ow, kw, sw).Begin : 0;
        var y = Nhwc.Zeros(oh, ow, cout);
        for (int i = 0; i < x.H; i++)
            for (int j = 0; j < x.W; j++)
                for (int ci = 0; ci < x.C; ci++)
                    for (int a = 0; a < kh; a++)
                        for (int b = 0; b < kw; b++)
                        {
                            int ho = i * sh + a - ph, wo = j * sw + b - pw;
                            if (ho < 0 || ho >= oh || wo < 0 || wo >= ow) continue;
                            for (int co = 0; co < cout; co++)
                                y.Add(ho, wo, co, x[i, j, ci] * kernel[((a * kw + b) * cout + co) * x.C + ci]);
                        }
        if (bias is not null)
            for (int i = 0; i < y.Data.Length; i++) y.Data[i] += bias[i % cout];
        return y;
    }

    public static Nhwc MaxPool(Nhwc x, int kh, int kw, string padding)
    {
        (int oh, int ph) = padding == "same" ? Same(x.H, kh, kh) : ((x.H - kh) / kh + 1, 0);
        (int ow, int pw) = padding == "same" ? Same(x.W, kw, kw) : ((x.W - kw) / kw + 1, 0);
        var y = Nhwc.Zeros(oh, ow, x.C);
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                for (int c = 0; c < x.C; c++)
                {
                    float m = float.NegativeInfinity;
                    for (int a = 0; a < kh; a++)
                        for (int b = 0; b < kw; b++)
                        {
                            int hi = i * kh + a - ph, wi = j * kw + b - pw;
                            if (hi >= 0 && hi < x.H && wi >= 0 && wi < x.W) m = Math.Max(m, x[hi, wi, c]);
                        }
                    y.Add(i, j, c, m);
                }
        return y;
    }

    public static Nhwc UpSample(Nhwc x, int fh, int fw)
    {
        var y = Nhwc.Zeros(x.H * fh, x.W * fw, x.C);
        for (int i = 0; i < y.H; i++)
            for (int j = 0; j < y.W; j++)
                for (int c = 0; c < x.C; c++) y.Add(i, j, c, x[i / fh, j / fw, c]);
        return y;
    }

    public static Nhwc Pad(Nhwc x, int top, int bottom, int left, int right)
    {
        var y = Nhwc.Zeros(x.H + top + bottom, x.W + left + right, x.C);
        for (int i = 0; i < x.H; i++)
            for (int j = 0; j < x.W; j++)
                for (int c = 0; c < x.C; c++) y.Add(i + top, j + left, c, x[i, j, c]);
        return y;
    }

    public static Nhwc Crop(Nhwc x, int top, int bottom, int left, int right)
    {
        var y = Nhwc.Zeros(x.H - top - bottom, x.W - left - right, x.C);
        for (int i = 0; i < y.H; i++)
            for (int j = 0; j < y.W; j++)
                for (int c = 0; c < x.C; c++) y.Add(i, j, c, x[i + top, j + left, c]);
        return y;
    }
}
