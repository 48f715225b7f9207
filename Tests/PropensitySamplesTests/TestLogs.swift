import PropensityData
import PropensitySamples

/// Microseconds of a `YYYY-MM-DDTHH:MM:SS` timestamp (test input is always valid).
func ts(_ text: String) -> Int64 {
    guard let time = LocalDate.parseTimestamp(text) else { fatalError("bad timestamp \(text)") }
    return time
}

func date(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("bad date \(text)") }
    return date
}

/// Hand-made transaction logs for rule tests.
///
/// Products: 1 and 2 are groceries, 3 has an empty level 3, 50 is the target (`BABY FOODS`
/// at level 2); any other product has no catalog row.
struct TestLog {
    var user: [Int64] = []
    var time: [Int64] = []
    var basket: [Int64] = []
    var product: [Int64] = []
    var quantity: [Double] = []
    var amount: [Double] = []
    var discount: [Double] = []
    private var nextBasket: Int64 = 1000

    static let target = Target(name: "test", level: 2, values: ["BABY FOODS"])

    static let catalog = Catalog(product: [1, 2, 3, 50], levels: [
        ["GROCERY", "GROCERY", "DRUG GM", "GROCERY"],
        ["MILK", "BREAD", "SOAP", "BABY FOODS"],
        ["WHOLE MILK", "WHITE BREAD", nil, "JARS"],
    ])

    /// One line item.
    mutating func add(
        user: Int64, at time: String, basket: Int64, product: Int64 = 1,
        quantity: Double = 1, amount: Double = 1, discount: Double = 0
    ) {
        self.user.append(user)
        self.time.append(ts(time))
        self.basket.append(basket)
        self.product.append(product)
        self.quantity.append(quantity)
        self.amount.append(amount)
        self.discount.append(discount)
    }

    /// A basket of `events` grocery items (products 1, 2, 1, 2, ...) at one time.
    mutating func basket(user: Int64, at time: String, events: Int) {
        nextBasket += 1
        for e in 0..<events {
            add(user: user, at: time, basket: nextBasket, product: Int64(1 + e % 2))
        }
    }

    /// One target purchase in its own basket.
    mutating func target(user: Int64, at time: String) {
        nextBasket += 1
        add(user: user, at: time, basket: nextBasket, product: 50)
    }

    var table: TransactionTable {
        TransactionTable(user: user, time: time, basket: basket, product: product,
                         store: [Int64](repeating: 1, count: user.count), quantity: quantity,
                         amount: amount, discount: discount)
    }

    func eventLog() throws -> EventLog {
        try EventLog(transactions: table, catalog: Self.catalog)
    }
}

/// Settings with the reference defaults except what a test changes.
func settings(_ change: (inout SampleSettings) -> Void = { _ in }) -> SampleSettings {
    var s = SampleSettings()
    change(&s)
    return s
}
