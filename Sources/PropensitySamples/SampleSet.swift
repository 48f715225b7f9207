/// One target's samples for one protocol: the three balanced splits and the funnel counts.
///
/// Every list is in canonical order (label descending, user, shift).
public struct SampleSet: Sendable {
    public var target: Target
    /// The backtest cutoff (microseconds) the samples were built before, nil for the
    /// balanced-test protocol.
    public var cutoff: Int64?
    /// The balanced training split with its shift-augmented copies: what models train on.
    public var train: [Sample]
    /// The balanced training split without copies: what vocabularies and scaler are fitted on.
    public var balancedTrain: [Sample]
    public var validation: [Sample]
    public var test: [Sample]
    public var counts: FunnelCounts

    /// The samples of a split (train with its shifted copies).
    public func samples(_ split: Split) -> [Sample] {
        switch split {
        case .train: train
        case .validation: validation
        case .test: test
        }
    }

    /// Throws unless each of `splits` holds samples: training, early stopping and grading
    /// need them, and an empty split would otherwise surface as a crash deep in training.
    ///
    /// - Parameter name: the protocol, for the message.
    /// - Throws: `SampleError.tooFewSamples`, with the funnel that emptied the splits.
    public func requireSamples(in splits: [Split], protocol name: String) throws {
        let empty = splits.filter { samples($0).isEmpty }
        guard !empty.isEmpty else { return }
        let c = counts
        throw SampleError(
            .tooFewSamples,
            "\(name): no samples in the \(empty.map(\.rawValue).joined(separator: ", ")) "
                + "split\(empty.count > 1 ? "s" : ""), too few to train and grade a model "
                + "(users: \(c.usersTotal); new buyers of `\(target.name)` in the window: "
                + "\(c.positivesFound); eligible: \(c.eligiblePositives) positives, "
                + "\(c.eligibleNegatives) negatives; train/validation/test after balancing: "
                + "\(zip(c.positives, c.negatives).map { "\($0 + $1)" }.joined(separator: "/"))"
                + "). Use more customers or a longer history, or lower samples.minEvents and "
                + "samples.minOccasions")
    }
}

/// Users scored at one date: every eligible user who never bought the target before it.
///
/// Each sample's anchor and anchor day are the date, its history the lookback before it; the
/// label is a target event in `[date, date + horizon)` when a horizon was given, else false.
/// Ordered by label descending, then user.
public struct Population: Sendable {
    public var target: Target
    /// The scoring date (microseconds, midnight).
    public var date: Int64
    public var horizonDays: Int?
    public var samples: [Sample]
    public var counts: PopulationCounts
}
