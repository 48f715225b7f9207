/// Which columns of a transaction file hold each field of a `TransactionTable`.
public struct TransactionColumns: Sendable, Equatable, Codable {
    /// Customer id (integers).
    public var user: String
    /// Purchase time: INT96, a TIMESTAMP/DATE column, or ISO 8601 text.
    public var time: String
    /// One shopping trip. When nil, each distinct (user, time) pair becomes one basket, the
    /// method's definition of an occasion without a basket column.
    public var basket: String?
    /// Product id (integers), the key into the catalog.
    public var product: String
    /// When nil (or null in a row), the store is -1.
    public var store: String?
    /// Units bought; rows with quantity <= 0 are kept (returns, corrections).
    public var quantity: String
    /// Money paid for the line.
    public var amount: String
    /// Discount columns, summed as absolute values in the order given; nulls count as 0.
    public var discounts: [String]

    /// A mapping; `basket` and `store` may be nil when the file has no such column.
    public init(
        user: String, time: String, basket: String?, product: String, store: String?,
        quantity: String, amount: String, discounts: [String] = []
    ) {
        self.user = user
        self.time = time
        self.basket = basket
        self.product = product
        self.store = store
        self.quantity = quantity
        self.amount = amount
        self.discounts = discounts
    }

    /// The Complete Journey `transactions` table.
    public static let completeJourney = TransactionColumns(
        user: "household_id", time: "transaction_timestamp", basket: "basket_id",
        product: "product_id", store: "store_id", quantity: "quantity", amount: "sales_value",
        discounts: ["retail_disc", "coupon_disc", "coupon_match_disc"])

    private enum CodingKeys: String, CodingKey {
        case user, time, basket, product, store, quantity, amount, discounts
    }

    /// Decodes a mapping from config JSON: `basket`, `store` and `discounts` may be left out.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            user: try c.decode(String.self, forKey: .user),
            time: try c.decode(String.self, forKey: .time),
            basket: try c.decodeIfPresent(String.self, forKey: .basket),
            product: try c.decode(String.self, forKey: .product),
            store: try c.decodeIfPresent(String.self, forKey: .store),
            quantity: try c.decode(String.self, forKey: .quantity),
            amount: try c.decode(String.self, forKey: .amount),
            discounts: try c.decodeIfPresent([String].self, forKey: .discounts) ?? [])
    }
}
