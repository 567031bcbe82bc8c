using EdgeAE.Training.Engine;

namespace EdgeAE.Training.Optim;

/// <summary>Adam with decoupled weight decay (AdamW); decay applies only to parameters marked for it.</summary>
public sealed class Adam
{
    private readonly Parameter[] parameters;
    private readonly float[][] m;
    private readonly float[][] v;
    private long step;

    public Adam(IEnumerable<Parameter> parameters, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, float weightDecay = 0f)
    {
        this.parameters = parameters.ToArray();
        m = this.parameters.Select(p => new float[p.Size]).ToArray();
        v = this.parameters.Select(p => new float[p.Size]).ToArray();
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }
    public float WeightDecay { get; }

    public void ZeroGrad()
    {
        foreach (var p in parameters) p.ZeroGrad();
    }

    public void Step(float learningRate)
    {
        step++;
        float c1 = 1f / (1f - MathF.Pow(Beta1, step));
        float c2 = 1f / (1f - MathF.Pow(Beta2, step));
        for (int k = 0; k < parameters.Length; k++)
        {
            var p = parameters[k];
            float[] w = p.Value, g = p.Grad, mk = m[k], vk = v[k];
            float decay = p.Decay ? WeightDecay : 0f;
            for (int i = 0; i < w.Length; i++)
            {
                mk[i] = Beta1 * mk[i] + (1 - Beta1) * g[i];
                vk[i] = Beta2 * vk[i] + (1 - Beta2) * g[i] * g[i];
                float mh = mk[i] * c1, vh = vk[i] * c2;
                w[i] -= learningRate * (mh / (MathF.Sqrt(vh) + Epsilon) + decay * w[i]);
            }
        }
    }
}
