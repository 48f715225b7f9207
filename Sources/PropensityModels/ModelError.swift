/// The one error type of PropensityModels: a model that cannot be fitted or scored, or a model
/// file that cannot be used, with what to try.
public struct ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem this is, for callers that map errors to exit codes.
    public enum Code: String, Sendable, Equatable {
        /// A call into libxgboost failed.
        case xgboost
        /// Features of the wrong width or names, or no rows to fit on.
        case invalidInput
        /// Saved baseline bytes that cannot be read back.
        case invalidSavedModel
        /// The fit did not converge or produced non-finite numbers.
        case notConverged
        /// The model was asked to score before it was fitted.
        case notFitted
        /// A model file is missing or cannot be read.
        case unreadable
        /// The model's JSON is not a model description this version understands.
        case malformedModel
        /// The weights file breaks the safetensors format.
        case malformedWeights
        /// The weights use a feature this reader does not implement (a dtype other than F32).
        case unsupportedWeights
        /// Weights and description disagree: names, shapes, sizes or the weights' checksum.
        case mismatch
        /// The model was written by an incompatible format version.
        case version
        /// A history line (JSON Lines input) cannot be read.
        case badHistory
    }

    /// The kind of problem.
    public var code: Code
    /// What happened and what to try.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message; `code` is for programs and stays out of what a user reads.
    public var description: String { code == .xgboost ? "xgboost: \(message)" : message }
}
