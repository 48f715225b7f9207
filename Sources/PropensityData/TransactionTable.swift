/// PropensityData owns reading what users bring: Parquet and CSV files, the transaction log
/// and the product catalog, as plain column arrays. It knows nothing of targets or samples.

/// The transaction log as columns, one element per line item, in file order.
///
/// Times are microseconds since 1970-01-01 as written in the data (naive local time: no zone
/// conversion). Rows with `quantity <= 0` (returns, corrections) are kept here; the sample
/// builder decides what counts as a purchase.
public struct TransactionTable: Sendable {
    public var user: [Int64]
    public var time: [Int64]
    public var basket: [Int64]
    public var product: [Int64]
    public var store: [Int64]
    public var quantity: [Double]
    /// Money paid for the line (Complete Journey: `sales_value`).
    public var amount: [Double]
    /// All discounts of the line as a positive amount (retail + coupon + coupon match).
    public var discount: [Double]
    /// When `product` was read from a Parquet dictionary: the dictionary (`.int64` ids) and
    /// each row's index into it, so ingest numbers each distinct product once. A hint only:
    /// ingest checks each row's entry against `product`, which callers may change.
    var productDictionary: ColumnDictionary?

    public var count: Int { user.count }

    public init(
        user: [Int64], time: [Int64], basket: [Int64], product: [Int64], store: [Int64],
        quantity: [Double], amount: [Double], discount: [Double]
    ) {
        precondition(
            [time.count, basket.count, product.count, store.count, quantity.count,
             amount.count, discount.count].allSatisfy { $0 == user.count },
            "TransactionTable columns differ in length")
        self.user = user
        self.time = time
        self.basket = basket
        self.product = product
        self.store = store
        self.quantity = quantity
        self.amount = amount
        self.discount = discount
    }
}

extension TransactionTable {
    /// The rows of `tables` one after another.
    static func concatenating(_ tables: [TransactionTable]) -> TransactionTable {
        TransactionTable(
            user: tables.flatMap(\.user), time: tables.flatMap(\.time),
            basket: tables.flatMap(\.basket), product: tables.flatMap(\.product),
            store: tables.flatMap(\.store), quantity: tables.flatMap(\.quantity),
            amount: tables.flatMap(\.amount), discount: tables.flatMap(\.discount))
    }
}

/// The product catalog: each product's category path, level 1 broad to level 3 narrow.
///
/// An empty or null level is stored as `nil`; the sample builder turns it into `<MISSING>`.
public struct Catalog: Sendable {
    public var product: [Int64]
    /// `levels[l][i]` is level `l + 1` of `product[i]`.
    public var levels: [[String?]]

    public init(product: [Int64], levels: [[String?]]) {
        precondition(levels.allSatisfy { $0.count == product.count }, "Catalog levels differ")
        self.product = product
        self.levels = levels
    }
}
