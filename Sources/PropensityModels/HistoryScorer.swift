import Foundation
import PropensityData
import PropensitySamples

/// Scores customers given as ``HistoryRecord``s, exactly as batch scoring of the same events
/// would: the records of a batch become one small `EventLog` (one user per record), whose
/// population as of each record's date is encoded and scored by the saved model.
///
/// A record is scored when the customer has a purchase before the date, no target event
/// before it, and an eligible history (the model's `minEvents` and `minOccasions` within its
/// `lookbackDays`); otherwise the result says why not.
public struct HistoryScorer: Sendable {
    /// Why a record got (or did not get) a score.
    public enum Status: String, Sendable {
        case scored
        /// No purchase before the date.
        case noHistory = "no_history"
        /// Bought the target before the date: not a prospect.
        case hasTarget = "has_target"
        /// Too few events or occasions in the lookback window.
        case ineligible
    }

    /// One record's outcome.
    public struct Result: Sendable, Equatable {
        public var user: Int64
        public var status: Status
        /// Model score in (0, 1), nil unless scored.
        public var score: Float?
        /// Calibrated probability, nil unless scored.
        public var probability: Double?

        /// `{"user":..,"score":..,"probability":..,"status":".."}` with scores in their
        /// shortest round-trip form (null when not scored).
        public func jsonLine() -> String {
            let s = score.map { "\($0)" } ?? "null"
            let p = probability.map { "\($0)" } ?? "null"
            return "{\"user\":\(user),\"score\":\(s),\"probability\":\(p),"
                + "\"status\":\"\(status.rawValue)\"}"
        }
    }

    public let modelFile: ModelFile
    /// Product id -> category levels, for events that give a product but no categories.
    let catalog: [Int64: [String?]]

    /// - Parameters:
    ///   - modelFile: the saved model.
    ///   - catalog: the product catalog, when records may leave out `categories`.
    public init(modelFile: ModelFile, catalog: Catalog? = nil) {
        self.modelFile = modelFile
        var map: [Int64: [String?]] = [:]
        if let catalog {
            for (row, product) in catalog.product.enumerated() {
                map[product] = (0..<EncodedSequences.levelCount).map { level in
                    level < catalog.levels.count ? catalog.levels[level][row] : nil
                }
            }
        }
        self.catalog = map
    }

    /// Scores a batch of records, in order.
    ///
    /// - Parameter asOf: the date for records without `as_of`.
    /// - Throws: `ModelError.badHistory` when a record has no date, or an event gives neither
    ///   categories nor a product the catalog knows.
    public func score(_ records: [HistoryRecord], asOf: LocalDate?) throws -> [Result] {
        let dates = try records.enumerated().map { k, record in
            guard let date = record.asOf ?? asOf else {
                throw ModelError(
                    .badHistory, "record \(k + 1) (user \(record.user)) has no `as_of`; add one "
                        + "or pass --as-of")
            }
            return date
        }
        let log = try eventLog(records)
        let manifest = modelFile.manifest
        let target = manifest.target.target
        let builder = try SampleBuilder(log: log, target: target, settings: manifest.samples)
        let isTarget = log.levelValues[target.level - 1].map { target.values.contains($0) }
        let targetIDs = log.categories[target.level - 1]

        var results = records.map {
            Result(user: $0.user, status: .noHistory, score: nil, probability: nil)
        }
        var samples: [Sample] = []
        var slots: [Int] = []
        for date in Set(dates).sorted() {
            let population = builder.population(asOf: date)
            for sample in population.samples where dates[Int(sample.user)] == date {
                samples.append(sample)
                slots.append(Int(sample.user))
            }
            // Reasons for the records of this date that were not scored.
            let day = date.microseconds
            for k in records.indices where dates[k] == date {
                guard let u = log.userIndex(of: Int64(k)) else { continue }
                let events = log.events(ofUserAt: u)
                guard log.time[events.lowerBound] < day else { continue }
                let bought = events.contains { log.time[$0] < day && isTarget[Int(targetIDs[$0])] }
                results[k].status = bought ? .hasTarget : .ineligible
            }
        }
        let scores = modelFile.scores(samples, in: log)
        for (slot, score) in zip(slots, scores) {
            results[slot].status = .scored
            results[slot].score = score
            results[slot].probability = modelFile.probability(score)
        }
        return results
    }

    /// One event log for the batch: user `k` is record `k`.
    ///
    /// Each event gets a made-up product id that follows the order time, basket, product, input
    /// position, so the log's sort (user, time, basket, product) keeps exactly that order, and
    /// one catalog row carrying its categories.
    func eventLog(_ records: [HistoryRecord]) throws -> EventLog {
        var user: [Int64] = [], time: [Int64] = [], basket: [Int64] = [], product: [Int64] = []
        var quantity: [Double] = [], amount: [Double] = [], discount: [Double] = []
        var catalogProducts: [Int64] = []
        var levels = [[String?]](repeating: [], count: EncodedSequences.levelCount)
        var next: Int64 = 0
        for (k, record) in records.enumerated() {
            let events = record.events
            let order = events.indices.sorted { a, b in
                let x = events[a], y = events[b]
                if x.time != y.time { return x.time < y.time }
                let bx = x.basket ?? x.time, by = y.basket ?? y.time
                if bx != by { return bx < by }
                let px = x.product ?? .min, py = y.product ?? .min
                if px != py { return px < py }
                return a < b
            }
            for i in order {
                let e = events[i]
                user.append(Int64(k))
                time.append(e.time)
                basket.append(e.basket ?? e.time)
                product.append(next)
                quantity.append(e.quantity)
                amount.append(e.amount)
                discount.append(e.discount)
                let path: [String?]?
                if let categories = e.categories {
                    path = categories
                } else if let known = e.product.flatMap({ catalog[$0] }) {
                    path = known
                } else if catalog.isEmpty {
                    throw ModelError(
                        .badHistory, "record \(k + 1) (user \(record.user)): an event gives "
                            + "product \(e.product ?? 0) without `categories`; add them or "
                            + "pass --catalog")
                } else {
                    path = nil  // not in the catalog: <UNKNOWN_PRODUCT>, as in batch scoring
                }
                if let path {
                    catalogProducts.append(next)
                    for level in levels.indices { levels[level].append(path[level]) }
                }
                next += 1
            }
        }
        let n = user.count
        let transactions = TransactionTable(
            user: user, time: time, basket: basket, product: product,
            store: [Int64](repeating: -1, count: n), quantity: quantity, amount: amount,
            discount: discount)
        return try EventLog(
            transactions: transactions, catalog: Catalog(product: catalogProducts, levels: levels))
    }
}
