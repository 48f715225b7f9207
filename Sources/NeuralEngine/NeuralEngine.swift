import CBLAS

/// NeuralEngine owns the small neural-network engine behind the sequence models: parameters,
/// a seeded random generator, BLAS-backed kernels, the embedding, Conv1D, ReLU, max-pool, LSTM
/// and dense layers, the binary cross-entropy loss and Adam. It knows nothing of purchases or
/// samples; PropensityModels assembles the layers into the cnn-lstm and lstm models.
///
/// Shape letters used in every doc comment of this module: `N` batch, `L` sequence length,
/// `C` channels, `H` hidden size, `V` vocabulary size, `K` kernel width, `R` rows of a packed
/// batch (see ``SequenceLayout``).
///
/// Activations are row-major `[N, L, C]` with the padding taken out: the valid steps of each
/// sequence are contiguous rows, oldest first, and one zero row separates neighbouring
/// sequences. A padded batch and the same sequences run one by one give the same numbers.
public enum NeuralEngine {
    /// Makes OpenBLAS single-threaded, since the engine splits each batch across its own
    /// threads (which is faster for the small per-step products of the LSTM and keeps results
    /// independent of BLAS's scheduling).
    public static func configureBLAS() {
        openblas_set_num_threads(1)
    }
}
