namespace EdgeAE.Training;

/// <summary>Progress after one epoch.</summary>
public readonly record struct EpochReport(int Epoch, int MaxEpochs, double TrainLoss, double ValLoss, double BestValLoss, bool Improved, float LearningRate, TimeSpan Elapsed, TimeSpan EstimatedRemaining, double WindowsPerSecond);
