import PropensityData

/// Purchases ready for sample building: sorted, with category ids and occasion bounds.
///
/// Holds only purchases (`quantity > 0`), ordered by user, time, basket, product (then file
/// order). Each event's category path is stored as one id per level into `levelValues`, so
/// targets and vocabularies compare integers, not strings. A product with no catalog row gets
/// `<UNKNOWN_PRODUCT>` at every level, an empty catalog level `<MISSING>`. An occasion is a
/// basket: an event opens one when its basket or user differs from the previous event's.
/// (Data without baskets should put the timestamp in `basket`: then an occasion is all events
/// of a user with the same time.)
public struct EventLog: Sendable {
    /// Category value of every level of a product that has no catalog row.
    public static let unknownProduct = "<UNKNOWN_PRODUCT>"
    /// Category value of an empty (null or blank) catalog level.
    public static let missing = "<MISSING>"

    public let user: [Int64]
    /// Microseconds since 1970-01-01, naive local time.
    public let time: [Int64]
    public let basket: [Int64]
    public let product: [Int64]
    public let store: [Int64]
    public let quantity: [Double]
    public let amount: [Double]
    /// All discounts as a positive amount.
    public let discount: [Double]
    /// `categories[l][i]`: id of event `i`'s level `l + 1` value in `levelValues[l]`.
    public let categories: [[Int32]]
    /// `levelValues[l][id]`: the category text of an id at level `l + 1`.
    public let levelValues: [[String]]
    /// Distinct users, ascending.
    public let users: [Int64]
    /// Events of `users[k]` are `userStarts[k] ..< userStarts[k + 1]` (`users.count + 1`).
    public let userStarts: [Int]
    /// Index of the first event of every occasion, ascending.
    public let occasionStarts: [Int]
    /// Counts of what was read, dropped and filled in.
    public let counts: DataCounts

    /// `occasionsBefore[i]`: occasions opened by events `0 ..< i` (`count + 1` entries).
    let occasionsBefore: [Int32]
    let levelIndex: [[String: Int32]]

    /// Number of events.
    public var count: Int { user.count }

    /// Sorts the purchases of `transactions` and looks up their category paths in `catalog`.
    ///
    /// - Throws: `SampleError.invalidCatalog` when the catalog lists a product twice or has
    ///   more than three levels.
    public init(transactions: TransactionTable, catalog: Catalog) throws {
        let levelCount = EncodedSequences.levelCount
        guard catalog.levels.count <= levelCount else {
            throw SampleError(.invalidCatalog, "the catalog has \(catalog.levels.count) levels; "
                              + "keep at most \(levelCount) (broad to narrow)")
        }

        // Catalog rows -> per-level ids. Ids 0 and 1 are the two filled-in values.
        var index = [[String: Int32]](
            repeating: [Self.unknownProduct: 0, Self.missing: 1], count: levelCount)
        var values = [[String]](
            repeating: [Self.unknownProduct, Self.missing], count: levelCount)
        var rowIds = [[Int32]](
            repeating: [Int32](repeating: 1, count: catalog.product.count), count: levelCount)
        for level in 0..<catalog.levels.count {
            for (row, value) in catalog.levels[level].enumerated() {
                guard let value, !value.allSatisfy(\.isWhitespace) else { continue }
                if let id = index[level][value] {
                    rowIds[level][row] = id
                } else {
                    let id = Int32(values[level].count)
                    index[level][value] = id
                    values[level].append(value)
                    rowIds[level][row] = id
                }
            }
        }
        var catalogRow = [Int64: Int32](minimumCapacity: catalog.product.count)
        for (row, product) in catalog.product.enumerated() {
            if catalogRow.updateValue(Int32(row), forKey: product) != nil {
                throw SampleError(.invalidCatalog, "product \(product) appears twice in the "
                                  + "catalog (second time at row \(row + 1)); keep one row each")
            }
        }

        // Purchases only, sorted by user, time, basket, product, then file order.
        let t = transactions
        let order = Self.purchaseOrder(t)
        func gather<T>(_ column: [T]) -> [T] {
            column.withUnsafeBufferPointer { source in
                Array(unsafeUninitializedCapacity: order.count) { target, initialized in
                    for (k, row) in order.enumerated() {
                        (target.baseAddress! + k).initialize(to: source[Int(row)])
                    }
                    initialized = order.count
                }
            }
        }
        user = gather(t.user)
        time = gather(t.time)
        basket = gather(t.basket)
        product = gather(t.product)
        store = gather(t.store)
        quantity = gather(t.quantity)
        amount = gather(t.amount)
        discount = gather(t.discount)

        // Category ids per event, with the counts of unknown products and missing levels.
        let n = order.count
        let eventRow = product.map { catalogRow[$0] ?? -1 }
        var unknownProducts = Set<Int64>()
        for i in 0..<n where eventRow[i] < 0 { unknownProducts.insert(product[i]) }
        let unknownRows = eventRow.count { $0 < 0 }
        let categories = rowIds.map { ids in
            // -1 (no catalog row) -> id 0, <UNKNOWN_PRODUCT>.
            eventRow.map { $0 < 0 ? Int32(0) : ids[Int($0)] }
        }
        let missingRows = categories.map { ids in ids.count { $0 == 1 } }
        self.categories = categories
        self.levelValues = values
        self.levelIndex = index

        // User ranges and occasion starts.
        var users: [Int64] = []
        var userStarts: [Int] = []
        var occasionStarts: [Int] = []
        var occasionsBefore = [Int32](repeating: 0, count: n + 1)
        for i in 0..<n {
            let newUser = i == 0 || user[i] != user[i - 1]
            if newUser {
                users.append(user[i])
                userStarts.append(i)
            }
            let opens = newUser || basket[i] != basket[i - 1]
            if opens { occasionStarts.append(i) }
            occasionsBefore[i + 1] = occasionsBefore[i] + (opens ? 1 : 0)
        }
        userStarts.append(n)
        self.users = users
        self.userStarts = userStarts
        self.occasionStarts = occasionStarts
        self.occasionsBefore = occasionsBefore

        // Users with only returns are the only ones missing from `users`.
        var returnOnlyUsers = Set<Int64>()
        for i in 0..<t.count where !(t.quantity[i] > 0) {
            let k = lowerBound(users, t.user[i], in: 0..<users.count)
            if k == users.count || users[k] != t.user[i] { returnOnlyUsers.insert(t.user[i]) }
        }
        counts = DataCounts(
            rowsTotal: t.count, usersTotal: users.count + returnOnlyUsers.count,
            rowsNonpositiveQuantity: t.count - n, purchaseRows: n,
            purchaseRowsUnknownProduct: unknownRows,
            distinctUnknownProducts: unknownProducts.count,
            purchaseRowsMissing: missingRows, usersWithPurchases: users.count)
    }

    /// Events of `users[userIndex]`.
    public func events(ofUserAt userIndex: Int) -> Range<Int> {
        userStarts[userIndex]..<userStarts[userIndex + 1]
    }

    /// Index of `user` in `users`, or nil when the user has no purchase.
    public func userIndex(of user: Int64) -> Int? {
        let k = lowerBound(users, user, in: 0..<users.count)
        return k < users.count && users[k] == user ? k : nil
    }

    /// Occasions (baskets) that have at least one event in `events`, a range within one user.
    public func occasionCount(_ events: Range<Int>) -> Int {
        guard !events.isEmpty else { return 0 }
        let opened = Int(occasionsBefore[events.upperBound] - occasionsBefore[events.lowerBound])
        // The first event of the range belongs to an occasion even if it opened earlier.
        let first = events.lowerBound
        let opensFirst = occasionsBefore[first + 1] > occasionsBefore[first]
        return opened + (opensFirst ? 0 : 1)
    }

    /// Id of a category value at `level` (1...3), or nil when no event's path holds it.
    public func categoryID(_ value: String, level: Int) -> Int32? {
        levelIndex[level - 1][value]
    }

    /// First index in `range` whose time is at least `time` (`range.upperBound` if none).
    func firstEvent(atOrAfter time: Int64, in range: Range<Int>) -> Int {
        lowerBound(self.time, time, in: range)
    }
}

/// First index in `range` of sorted `values` with `values[i] >= value`.
func lowerBound<T: Comparable>(_ values: [T], _ value: T, in range: Range<Int>) -> Int {
    var lo = range.lowerBound, hi = range.upperBound
    while lo < hi {
        let mid = (lo + hi) / 2
        if values[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
