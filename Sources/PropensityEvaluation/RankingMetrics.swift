/// Ranking metrics at the natural base rate: what the forward backtest reports.
///
/// Labels are 0 or 1. The top k% is the `ceil(n * k / 100)` highest scores, ties broken by user
/// id (see `Ranking`); the top decile's lift is its precision over the base rate.
public struct RankingMetrics: Codable, Sendable, Equatable {
    /// Users scored.
    public var users: Int
    /// Of them, buyers within the horizon.
    public var positives: Int
    /// `positives / users`.
    public var baseRate: Double
    /// Average precision; NaN without positives.
    public var prAUC: Double
    /// NaN when either class is absent.
    public var rocAUC: Double
    public var precisionTop1: Double
    public var recallTop1: Double
    public var precisionTop5: Double
    public var recallTop5: Double
    public var precisionTop10: Double
    public var recallTop10: Double
    /// `precisionTop10 / baseRate`; NaN without positives.
    public var liftTopDecile: Double

    /// Grades one scored population.
    ///
    /// - Parameters:
    ///   - labels: 1 for a buyer within the horizon, 0 otherwise, one per user.
    ///   - scores: the model's scores, one per user.
    ///   - users: user ids for breaking ties in score; empty means array order.
    public init(labels: [Float], scores: [Float], users: [Int64] = []) {
        precondition(
            labels.count == scores.count,
            "RankingMetrics: \(labels.count) labels, \(scores.count) scores")
        let ranking = Ranking(scores: scores, users: users)
        let n = labels.count
        let total = labels.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }
        self.users = n
        positives = total
        baseRate = n > 0 ? Double(total) / Double(n) : .nan
        prAUC = BinaryMetrics.averagePrecision(labels: labels, scores: scores)
        rocAUC = BinaryMetrics.rocAUC(labels: labels, scores: scores)

        func top(_ percent: Double) -> (precision: Double, recall: Double) {
            let k = Ranking.topCount(n: n, percent: percent)
            guard k > 0 else { return (.nan, .nan) }
            let hits = ranking.order.prefix(k).reduce(0) { $0 + (labels[$1] > 0.5 ? 1 : 0) }
            return (Double(hits) / Double(k), total > 0 ? Double(hits) / Double(total) : .nan)
        }
        (precisionTop1, recallTop1) = top(1)
        (precisionTop5, recallTop5) = top(5)
        (precisionTop10, recallTop10) = top(10)
        liftTopDecile = total > 0 ? precisionTop10 / baseRate : .nan
    }

    enum CodingKeys: String, CodingKey {
        case users, positives
        case baseRate = "base_rate"
        case prAUC = "pr_auc"
        case rocAUC = "roc_auc"
        case precisionTop1 = "precision_top1"
        case recallTop1 = "recall_top1"
        case precisionTop5 = "precision_top5"
        case recallTop5 = "recall_top5"
        case precisionTop10 = "precision_top10"
        case recallTop10 = "recall_top10"
        case liftTopDecile = "lift_top_decile"
    }

    /// The metrics by their names in `metrics.json`.
    public var named: [(String, Double)] {
        [
            ("pr_auc", prAUC), ("roc_auc", rocAUC),
            ("precision_top1", precisionTop1), ("recall_top1", recallTop1),
            ("precision_top5", precisionTop5), ("recall_top5", recallTop5),
            ("precision_top10", precisionTop10), ("recall_top10", recallTop10),
            ("lift_top_decile", liftTopDecile), ("base_rate", baseRate),
        ]
    }
}
