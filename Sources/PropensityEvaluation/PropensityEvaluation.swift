/// PropensityEvaluation owns metrics on plain score arrays, so every model is graded alike.
public enum PropensityEvaluation {}
