/// METHOD.md's aggregate features of a history, the input of the tree and linear baselines.
///
/// For a sample with history `h` (events of one user, oldest first) and anchor day `d`, with
/// all days exact fractional time differences:
/// ```
/// recency_days            (d - time of the latest event) / 1 day
/// events_W                events of h with time >= d - W days     (W = 30, 90; all = h)
/// occasions_W             occasions (baskets) with an event among those
/// money_W                 sum of their amounts
/// occasions_per_week      occasions_all / max(1, (d - time of the oldest event) / 7 days)
/// discount_share          sum(discount) / (sum(amount) + sum(discount)), 0 when that is 0
/// l1_share:<v>            line items of h at level-1 value v / events of h
/// l2_share:<v>            the same at level 2
/// ```
/// The share columns of a level are one for `<unknown>` (values outside the vocabulary)
/// followed by one per vocabulary value, in vocabulary order; `<MISSING>` and
/// `<UNKNOWN_PRODUCT>` are ordinary values. Vocabularies are the `SequenceEncoder`'s, fitted
/// on the balanced, unaugmented training samples. Codable, so a saved model keeps them.
public struct AggregateFeatures: Hashable, Sendable, Codable {
    /// Names of the columns before the shares, in order.
    public static let summaryNames: [String] = {
        var names = ["recency_days"]
        for window in ["30", "90", "all"] {
            names += ["events_\(window)", "occasions_\(window)", "money_\(window)"]
        }
        return names + ["occasions_per_week", "discount_share"]
    }()

    /// Name of the share column of values outside a vocabulary.
    public static let unknownValue = "<unknown>"

    /// Windows of the recent-activity columns, in days; nil is the whole history.
    static let windows: [Int64?] = [30, 90, nil]

    /// Category values of levels 1 and 2 that get their own share column, sorted.
    public var vocabularies: [[String]]

    /// Column names: `summaryNames`, then `l1_share:<unknown>`, `l1_share:<value>`...,
    /// then `l2_share:<unknown>`, `l2_share:<value>`...
    public var names: [String] {
        var names = Self.summaryNames
        for (level, values) in vocabularies.enumerated() {
            names += ([Self.unknownValue] + values).map { "l\(level + 1)_share:\($0)" }
        }
        return names
    }

    /// - Parameter vocabularies: the values of levels 1 and 2 (two lists).
    public init(vocabularies: [[String]]) {
        precondition(vocabularies.count == 2, "AggregateFeatures needs levels 1 and 2")
        self.vocabularies = vocabularies
    }

    /// The features with the encoder's vocabularies of levels 1 and 2.
    public init(encoder: SequenceEncoder) {
        self.init(vocabularies: Array(encoder.vocabularies.prefix(2)))
    }

    /// The feature rows of the samples' histories.
    ///
    /// - Returns: `[N, F]` with `N = samples.count`, `F = names.count`, and the labels.
    /// - Precondition: every history has at least one event (eligibility guarantees it).
    public func matrix(_ samples: [Sample], in log: EventLog) -> FeatureMatrix {
        let names = self.names
        let width = names.count
        let summaryCount = Self.summaryNames.count
        let day = Double(PropensitySamples.dayMicroseconds)

        // The log's category ids -> column within a level's block (0 = unknown).
        let columnMaps: [[Int]] = vocabularies.indices.map { level in
            var index: [String: Int] = [:]
            for (i, value) in vocabularies[level].enumerated() { index[value] = i + 1 }
            return log.levelValues[level].map { index[$0] ?? 0 }
        }
        let blockStarts = [summaryCount, summaryCount + vocabularies[0].count + 1]

        var values = [Double](repeating: 0, count: samples.count * width)
        for (n, sample) in samples.enumerated() {
            let history = sample.history
            precondition(!history.isEmpty, "user \(sample.user) has an empty history")
            let anchorDay = sample.anchorDay
            let base = n * width
            var f = base
            func put(_ value: Double) {
                values[f] = value
                f += 1
            }

            put(Double(anchorDay - log.time[history.upperBound - 1]) / day)
            var occasionsAll = 0
            for window in Self.windows {
                let first = window.map {
                    log.firstEvent(
                        atOrAfter: anchorDay - $0 * PropensitySamples.dayMicroseconds,
                        in: history)
                } ?? history.lowerBound
                let recent = first..<history.upperBound
                let occasions = log.occasionCount(recent)
                var money = 0.0
                for i in recent { money += log.amount[i] }
                put(Double(recent.count))
                put(Double(occasions))
                put(money)
                if window == nil { occasionsAll = occasions }
            }
            let weeks = Double(anchorDay - log.time[history.lowerBound]) / day / 7
            put(Double(occasionsAll) / max(1, weeks))
            var amount = 0.0, discount = 0.0
            for i in history {
                amount += log.amount[i]
                discount += log.discount[i]
            }
            let total = amount + discount
            put(total != 0 ? discount / total : 0)

            // Shares of line items per level-1 and level-2 value: counts, then one division.
            for level in 0..<2 {
                let ids = log.categories[level]
                let start = base + blockStarts[level]
                for i in history { values[start + columnMaps[level][Int(ids[i])]] += 1 }
            }
            let events = Double(history.count)
            for c in (base + summaryCount)..<(base + width) { values[c] /= events }
        }
        return FeatureMatrix(
            names: names, values: values, labels: samples.map { $0.label ? 1 : 0 })
    }
}
