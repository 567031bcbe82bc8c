namespace EdgeAE.Runtime.Calibration;

/// <summary>Scores with ground truth (true = anomalous), e.g. point scores of a labelled recording. NaN scores are ignored.</summary>
public sealed class LabeledScores
{
    public LabeledScores(float[] scores, bool[] labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
        Scores = scores;
        Labels = labels;
    }

    public float[] Scores { get; }
    public bool[] Labels { get; }
}
