using EdgeAE.Training.Engine;

namespace EdgeAE.Training.Model;

/// <summary>A penalty on the code z (n × K): adds its value to the objective and its gradient to dL/dz.</summary>
public abstract class CodeRegularizer
{
    /// <summary>Returns the penalty of the last forward and adds d(penalty)/dz to <paramref name="dz"/> (and any direct parameter gradients).</summary>
    public abstract double Apply(float[] z, float[] dz, int n, int k);
}
