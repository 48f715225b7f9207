/// The two sequence architectures of METHOD.md "Models".
public enum ModelKind: String, Codable, CaseIterable, Sendable {
    /// Embeddings and numbers -> Conv1D 64 ReLU -> Conv1D 64 ReLU -> max-pool 2 -> LSTM 64 ->
    /// dense -> sigmoid (the method).
    case cnnLSTM = "cnn-lstm"
    /// The same without the convolutions and the pooling.
    case lstm
}
