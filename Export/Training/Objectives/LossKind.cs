namespace EdgeAE.Export.Training.Objectives;

public enum LossKind { Mse, Mae, Bce }
