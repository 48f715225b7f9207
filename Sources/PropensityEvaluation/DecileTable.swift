/// Cumulative gain and lift by decile of the ranking: how many of the buyers a campaign reaches
/// by contacting the top 10%, 20%, ... of users.
///
/// The top `d` deciles are the `ceil(n * 10d / 100)` best-ranked users (the same rule as the top
/// k% of `RankingMetrics`), so decile `d` holds the users between the cuts at `d - 1` and `d`.
public struct DecileRow: Codable, Sendable, Equatable {
    /// 1 is the best-ranked tenth.
    public var decile: Int
    /// Users in this decile.
    public var users: Int
    /// Buyers in this decile.
    public var positives: Int
    /// Share of all buyers found in deciles 1 through this one.
    public var cumulativeGain: Double
    /// This decile's buyer rate over the base rate.
    public var lift: Double
    /// The buyer rate of deciles 1 through this one over the base rate.
    public var cumulativeLift: Double
    /// Sum of the calibrated probabilities of this decile's users, when given: the buyers a
    /// campaign should expect there.
    public var expectedPositives: Double?

    enum CodingKeys: String, CodingKey {
        case decile, users, positives
        case cumulativeGain = "cumulative_gain"
        case lift
        case cumulativeLift = "cumulative_lift"
        case expectedPositives = "expected_positives"
    }
}

/// Builds the ten `DecileRow`s of one scored population.
public enum DecileTable {
    /// - Parameters:
    ///   - labels: 1 for a buyer, 0 otherwise.
    ///   - scores: ranking scores.
    ///   - users: ids for breaking ties; empty means array order.
    ///   - probabilities: calibrated probabilities, one per user, for `expectedPositives`.
    /// - Returns: ten rows (fewer when there are fewer than ten users); lifts are NaN without
    ///   positives.
    public static func rows(
        labels: [Float], scores: [Float], users: [Int64] = [], probabilities: [Double]? = nil
    ) -> [DecileRow] {
        precondition(
            labels.count == scores.count,
            "DecileTable: \(labels.count) labels, \(scores.count) scores")
        let order = Ranking(scores: scores, users: users).order
        let n = order.count
        let total = labels.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }
        let baseRate = n > 0 ? Double(total) / Double(n) : .nan
        var rows: [DecileRow] = []
        var start = 0
        var cumulative = 0
        for decile in 1...10 {
            let end = Ranking.topCount(n: n, percent: Double(10 * decile))
            guard end > start else { continue }
            let slice = order[start..<end]
            let hits = slice.reduce(0) { $0 + (labels[$1] > 0.5 ? 1 : 0) }
            cumulative += hits
            let expected = probabilities.map { p in slice.reduce(0.0) { $0 + p[$1] } }
            rows.append(
                DecileRow(
                    decile: decile, users: slice.count, positives: hits,
                    cumulativeGain: total > 0 ? Double(cumulative) / Double(total) : .nan,
                    lift: total > 0 ? Double(hits) / Double(slice.count) / baseRate : .nan,
                    cumulativeLift: total > 0 ? Double(cumulative) / Double(end) / baseRate : .nan,
                    expectedPositives: expected))
            start = end
        }
        return rows
    }

    /// The buyers to expect in each decile of a ranking whose outcome is not known yet (the
    /// target list): the sum of the calibrated probabilities of its users.
    ///
    /// - Returns: one number per decile, decile 1 first, cut as in `rows`.
    public static func expectedPositives(
        scores: [Float], users: [Int64] = [], probabilities: [Double]
    ) -> [Double] {
        let unknown = [Float](repeating: 0, count: scores.count)
        return rows(labels: unknown, scores: scores, users: users, probabilities: probabilities)
            .map { $0.expectedPositives ?? 0 }
    }
}
