using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

/// <summary>
/// Batch normalisation over the first (channel/feature) axis: statistics over batch and positions
/// in training, running statistics at inference (and on export, where it folds into the
/// preceding Dense/Conv/ConvTranspose). Computed serially: it is cheap and its sums stay ordered.
/// </summary>
public sealed class BatchNorm : Layer
{
    private readonly Parameter gamma;
    private readonly Parameter beta;
    private readonly float[] runningMean;
    private readonly float[] runningVar;
    private readonly float[] invStd;
    private float[] xhat = [];

    public BatchNorm(int[] shape, float momentum = 0.1f, float epsilon = 1e-5f) : base(shape, shape)
    {
        Channels = shape[0];
        Plane = InSize / Channels;
        Momentum = momentum;
        Epsilon = epsilon;
        gamma = new Parameter("gamma", Channels, decay: false);
        beta = new Parameter("beta", Channels, decay: false);
        Array.Fill(gamma.Value, 1f);
        runningMean = new float[Channels];
        runningVar = Enumerable.Repeat(1f, Channels).ToArray();
        invStd = new float[Channels];
    }

    public int Channels { get; }
    public int Plane { get; }
    public float Momentum { get; }
    public float Epsilon { get; }
    public Parameter Gamma => gamma;
    public Parameter Beta => beta;
    public float[] RunningMean => runningMean;
    public float[] RunningVar => runningVar;
    public override IReadOnlyList<Parameter> Parameters => [gamma, beta];
    public override IReadOnlyList<float[]> Buffers => [runningMean, runningVar];

    /// <summary>The inference transform as y = x·scale + shift per channel (what folding uses).</summary>
    public (float[] Scale, float[] Shift) InferenceAffine()
    {
        var scale = new float[Channels];
        var shift = new float[Channels];
        for (int ch = 0; ch < Channels; ch++)
        {
            scale[ch] = gamma.Value[ch] / MathF.Sqrt(runningVar[ch] + Epsilon);
            shift[ch] = beta.Value[ch] - runningMean[ch] * scale[ch];
        }
        return (scale, shift);
    }

    public override void Forward(Compute c, float[] x, float[] y, int n)
    {
        if (!c.Training)
        {
            var (scale, shift) = InferenceAffine();
            for (int s = 0; s < n; s++)
                for (int ch = 0; ch < Channels; ch++)
                {
                    int off = s * InSize + ch * Plane;
                    for (int p = 0; p < Plane; p++) y[off + p] = x[off + p] * scale[ch] + shift[ch];
                }
            return;
        }
        if (xhat.Length < n * InSize) xhat = new float[n * InSize];
        int m = n * Plane;
        for (int ch = 0; ch < Channels; ch++)
        {
            double sum = 0;
            for (int s = 0; s < n; s++)
            {
                int off = s * InSize + ch * Plane;
                for (int p = 0; p < Plane; p++) sum += x[off + p];
            }
            double mean = sum / m;
            double sq = 0;
            for (int s = 0; s < n; s++)
            {
                int off = s * InSize + ch * Plane;
                for (int p = 0; p < Plane; p++) { double d = x[off + p] - mean; sq += d * d; }
            }
            double variance = sq / m;
            float inv = (float)(1.0 / Math.Sqrt(variance + Epsilon));
            invStd[ch] = inv;
            float g = gamma.Value[ch], b = beta.Value[ch], mu = (float)mean;
            for (int s = 0; s < n; s++)
            {
                int off = s * InSize + ch * Plane;
                for (int p = 0; p < Plane; p++)
                {
                    float h = (x[off + p] - mu) * inv;
                    xhat[off + p] = h;
                    y[off + p] = h * g + b;
                }
            }
            runningMean[ch] = (1 - Momentum) * runningMean[ch] + Momentum * mu;
            double unbiased = m > 1 ? variance * m / (m - 1) : variance;
            runningVar[ch] = (1 - Momentum) * runningVar[ch] + Momentum * (float)unbiased;
        }
    }

    public override void Backward(Compute c, float[] x, float[] y, float[] dy, float[]? dx, int n)
    {
        if (!c.Training)
        {
            var (scale, _) = InferenceAffine();
            for (int s = 0; s < n; s++)
                for (int ch = 0; ch < Channels; ch++)
                {
                    int off = s * InSize + ch * Plane;
                    for (int p = 0; p < Plane; p++)
                    {
                        gamma.Grad[ch] += dy[off + p] * (x[off + p] - runningMean[ch]) / MathF.Sqrt(runningVar[ch] + Epsilon);
                        beta.Grad[ch] += dy[off + p];
                        if (dx is not null) dx[off + p] = dy[off + p] * scale[ch];
                    }
                }
            return;
        }
        int m = n * Plane;
        for (int ch = 0; ch < Channels; ch++)
        {
            double sumDy = 0, sumDyXhat = 0;
            for (int s = 0; s < n; s++)
            {
                int off = s * InSize + ch * Plane;
                for (int p = 0; p < Plane; p++)
                {
                    sumDy += dy[off + p];
                    sumDyXhat += dy[off + p] * (double)xhat[off + p];
                }
            }
            gamma.Grad[ch] += (float)sumDyXhat;
            beta.Grad[ch] += (float)sumDy;
            if (dx is null) continue;
            float k = gamma.Value[ch] * invStd[ch] / m;
            float meanDy = (float)sumDy, meanDyXhat = (float)sumDyXhat;
            for (int s = 0; s < n; s++)
            {
                int off = s * InSize + ch * Plane;
                for (int p = 0; p < Plane; p++)
                    dx[off + p] = k * (m * dy[off + p] - meanDy - xhat[off + p] * meanDyXhat);
            }
        }
    }

    /// <summary>Standalone export (when no affine layer precedes it to fold into).</summary>
    public override string Export(GraphBuilder g, string input) =>
        g.BatchNorm(input, gamma.Value, beta.Value, runningMean, runningVar, Epsilon);
}
