/// A problem while fitting, scoring, saving or loading a model.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    /// What kind of problem this is.
    public enum Code: String, Sendable {
        /// A call into libxgboost failed.
        case xgboost
        /// Features of the wrong width or names, or no rows to fit on.
        case invalidInput
        /// Saved model bytes that cannot be read back.
        case invalidSavedModel
        /// The fit did not converge or produced non-finite numbers.
        case notConverged
        /// The model was asked to score before it was fitted.
        case notFitted
    }

    public var code: Code
    /// What happened and what to try.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
