import PropensitySamples

extension HistoryRecord {
    /// Calls `body` with the record of every prospect of `log` as of `asOf`, ascending by user:
    /// customers with a purchase before `asOf` and no target event before it, with their
    /// purchases in `[asOf - lookbackDays, asOf)` (categories spelled out, so no catalog is
    /// needed to score them). Ineligible prospects are included; the scorer says so.
    ///
    /// These are exactly the customers batch scoring considers, so scoring the records gives
    /// the batch scores.
    public static func forEachProspect(
        in log: EventLog, target: Target, lookbackDays: Int, asOf: LocalDate,
        _ body: (HistoryRecord) throws -> Void
    ) rethrows {
        let day = asOf.microseconds
        let lookbackStart = day - Int64(lookbackDays) * PropensitySamples.dayMicroseconds
        let isTarget = log.levelValues[target.level - 1].map { target.values.contains($0) }
        let targetIDs = log.categories[target.level - 1]
        for k in log.users.indices {
            let events = log.events(ofUserAt: k)
            guard log.time[events.lowerBound] < day else { continue }
            var end = events.lowerBound
            var bought = false
            while end < events.upperBound, log.time[end] < day {
                if isTarget[Int(targetIDs[end])] { bought = true }
                end += 1
            }
            guard !bought else { continue }
            var first = end
            while first > events.lowerBound, log.time[first - 1] >= lookbackStart { first -= 1 }
            let record = HistoryRecord(
                user: log.users[k], asOf: asOf,
                events: (first..<end).map { i in
                    Event(
                        time: log.time[i], basket: log.basket[i], product: log.product[i],
                        categories: (0..<log.categories.count).map { level in
                            log.levelValues[level][Int(log.categories[level][i])]
                        },
                        quantity: log.quantity[i], amount: log.amount[i],
                        discount: log.discount[i])
                })
            try body(record)
        }
    }
}
