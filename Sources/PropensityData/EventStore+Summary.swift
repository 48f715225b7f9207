/// The facts `propensity info` prints about an event store.
public struct EventStoreSummary: Sendable, Equatable {
    public var users: Int
    public var events: Int
    /// Earliest and latest event time, microseconds since 1970-01-01.
    public var firstTime: Int64?
    public var lastTime: Int64?
    /// Per catalog level: name and number of distinct category values in the catalog.
    public var categoriesPerLevel: [(name: String, values: Int)]
    /// Per catalog level: events whose product is catalogued but has that level empty.
    public var missingPerLevel: [Int]
    public var products: Int
    public var stores: Int
    public var catalogRows: Int
    /// Events with `quantity <= 0`.
    public var returns: Int
    public var unknownProductRows: Int
    public var distinctUnknownProducts: Int
    public var duplicateRows: Int
    public var rejectedRows: Int

    public static func == (a: Self, b: Self) -> Bool {
        a.users == b.users && a.events == b.events && a.firstTime == b.firstTime
            && a.lastTime == b.lastTime && a.missingPerLevel == b.missingPerLevel
            && a.categoriesPerLevel.map(\.name) == b.categoriesPerLevel.map(\.name)
            && a.categoriesPerLevel.map(\.values) == b.categoriesPerLevel.map(\.values)
            && a.products == b.products && a.stores == b.stores
            && a.catalogRows == b.catalogRows && a.returns == b.returns
            && a.unknownProductRows == b.unknownProductRows
            && a.distinctUnknownProducts == b.distinctUnknownProducts
            && a.duplicateRows == b.duplicateRows && a.rejectedRows == b.rejectedRows
    }
}

extension EventStore {
    /// Counts over the whole store; reads the product column once for the missing levels.
    public func summary() -> EventStoreSummary {
        let m = metadata
        var missing = [Int](repeating: 0, count: levelCount)
        // Events per product first, so the level lookups run once per product.
        var perProduct = [Int](repeating: 0, count: productCount)
        for p in productIndex { perProduct[Int(p)] += 1 }
        let rows = productCatalogRows
        for level in 0..<levelCount {
            let ids = catalogLevel(level)
            for p in 0..<productCount where rows[p] >= 0 && ids[Int(rows[p])] < 0 {
                missing[level] += perProduct[p]
            }
        }
        let categories = (0..<levelCount).map { level in
            (name: level < m.levelNames.count ? m.levelNames[level] : "level\(level + 1)",
             values: levelValues(level).count)
        }
        return EventStoreSummary(
            users: userCount, events: eventCount, firstTime: m.firstTime, lastTime: m.lastTime,
            categoriesPerLevel: categories, missingPerLevel: missing, products: productCount,
            stores: storeCount, catalogRows: catalogRowCount, returns: m.returns,
            unknownProductRows: m.unknownProductRows,
            distinctUnknownProducts: m.distinctUnknownProducts, duplicateRows: m.duplicateRows,
            rejectedRows: m.rejectedRows)
    }
}
