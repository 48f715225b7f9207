/// What `EventLog` read, dropped and filled in: the "data" counts of a run's report.
public struct DataCounts: Hashable, Sendable, Codable {
    /// Rows of the transaction table.
    public var rowsTotal: Int
    /// Distinct users among all rows.
    public var usersTotal: Int
    /// Rows with `quantity <= 0` (returns, corrections): kept out of the purchases.
    public var rowsNonpositiveQuantity: Int
    /// Rows with `quantity > 0`: the events.
    public var purchaseRows: Int
    /// Purchases whose product has no catalog row (`<UNKNOWN_PRODUCT>`).
    public var purchaseRowsUnknownProduct: Int
    /// Distinct products among those.
    public var distinctUnknownProducts: Int
    /// Per level, purchases of a catalogued product with that level empty (`<MISSING>`).
    public var purchaseRowsMissing: [Int]
    /// Distinct users with at least one purchase.
    public var usersWithPurchases: Int

    /// Every count under its report name, in report order.
    ///
    /// - Parameters:
    ///   - levelNames: names of the catalog levels in `purchase_rows_missing_<name>`
    ///     (Complete Journey: `department`, `product_category`, `product_type`).
    ///   - userNoun: the plural word for users in `<noun>_total` (e.g. `households`).
    public func entries(
        levelNames: [String] = ["level1", "level2", "level3"], userNoun: String = "users"
    ) -> [(name: String, value: Int)] {
        var list: [(name: String, value: Int)] = [
            ("rows_total", rowsTotal), ("\(userNoun)_total", usersTotal),
            ("rows_nonpositive_quantity", rowsNonpositiveQuantity),
            ("purchase_rows", purchaseRows),
            ("purchase_rows_unknown_product", purchaseRowsUnknownProduct),
            ("distinct_unknown_products", distinctUnknownProducts),
        ]
        for (level, rows) in purchaseRowsMissing.enumerated() {
            let name = level < levelNames.count ? levelNames[level] : "level\(level + 1)"
            list.append(("purchase_rows_missing_\(name)", rows))
        }
        list.append(("users_with_purchases", usersWithPurchases))
        return list
    }
}
