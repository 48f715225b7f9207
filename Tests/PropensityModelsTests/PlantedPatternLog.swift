import PropensityData
import PropensityEvaluation
import PropensitySamples

/// A generated log whose future buyers carry a planted sign: a few weeks before their first
/// target purchase they buy from a category nobody else buys. A model that learns anything
/// must find it; on real data (AUC near 0.6) a subtly broken model would hide in the noise.
///
/// Every user shops once a week through 2017 with three items from ten ordinary categories.
/// Half the users are future buyers: their first target purchase falls in the observation
/// window, and three and four weeks before it they also buy two items of `SIGNAL`.
struct PlantedPatternLog {
    static let target = Target(name: "planted", level: 2, values: ["TARGET"])

    var transactions: TransactionTable
    var catalog: Catalog

    init(users: Int, seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        func uniform(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
        // Products 1...10 ordinary (one per category), 11 signal, 12 target.
        let names = (1...10).map { "CAT\($0)" } + ["SIGNAL", "TARGET"]
        catalog = Catalog(product: (1...12).map(Int64.init), levels: [
            names.map { _ in "DEPT" }, names, names.map { $0 + " TYPE" },
        ])
        var user: [Int64] = [], time: [Int64] = [], basket: [Int64] = [], product: [Int64] = []
        let start = LocalDate(year: 2017, month: 1, day: 2).microseconds
        let day = PropensitySamples.dayMicroseconds
        var basketID: Int64 = 1
        for u in 1...users {
            let buyer = u % 2 == 0
            let offset = Int64(uniform(7))
            // First target purchase in weeks 16...50 (inside the window from April).
            let targetWeek = 16 + uniform(35)
            for week in 0..<52 {
                let moment = start + (Int64(week) * 7 + offset) * day + 10 * 3600 * 1_000_000
                var items = (0..<3).map { _ in Int64(1 + uniform(10)) }
                if buyer && (week == targetWeek - 3 || week == targetWeek - 4) {
                    items += [11, 11]
                }
                if buyer && week >= targetWeek { items.append(12) }
                for item in items {
                    user.append(Int64(u))
                    time.append(moment)
                    basket.append(basketID)
                    product.append(item)
                }
                basketID += 1
            }
        }
        let n = user.count
        transactions = TransactionTable(
            user: user, time: time, basket: basket, product: product,
            store: [Int64](repeating: 1, count: n), quantity: [Double](repeating: 1, count: n),
            amount: (0..<n).map { _ in Double(1 + uniform(500)) / 100 },
            discount: [Double](repeating: 0, count: n))
    }
}
