/// PropensityModels owns the cnn-lstm and lstm models, their training loop and the baselines.
public enum PropensityModels {}
