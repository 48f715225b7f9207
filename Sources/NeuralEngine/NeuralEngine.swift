/// NeuralEngine owns tensors, BLAS-backed kernels and the layers of the sequence models.
public enum NeuralEngine {}
