namespace EdgeAE.Training.Objectives;

public enum LossKind { Mse, Mae, Bce }
