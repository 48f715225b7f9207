/// PropensitySamples owns METHOD.md's sample building: targets, anchors, histories,
/// eligibility, the hashed split, balancing, shift augmentation and sequence encoding.
///
/// The entry type is `EventLog`: build it once from a `TransactionTable` and a `Catalog`,
/// then ask a `SampleBuilder` for a target's `SampleSet` (balanced-test protocol or forward
/// backtest) or `Population` (users to score), and fit a `SequenceEncoder` on the balanced
/// training samples to turn any sample list into `EncodedSequences`.
///
/// Times are `Int64` microseconds since 1970-01-01 in naive local time, as the data writes
/// them. A sample's history is a contiguous index range of the event log, so shifting,
/// counting and encoding are index arithmetic.
public enum PropensitySamples {
    /// Microseconds in one day.
    public static let dayMicroseconds: Int64 = 86_400_000_000
}

/// A problem in the settings, the target or the data that stops sample building.
public struct SampleError: Error, CustomStringConvertible, Sendable {
    /// What kind of problem this is.
    public enum Code: String, Sendable {
        case invalidSettings
        case invalidTarget
        case invalidCatalog
        case noPositives
        /// A split needed for training or grading is empty.
        case tooFewSamples
    }

    public var code: Code
    /// What happened and what to try.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message; `code` is for programs and stays out of what a user reads.
    public var description: String { message }
}
