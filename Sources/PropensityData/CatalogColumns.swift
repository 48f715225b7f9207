/// Which columns of a product file hold the product id and its category levels.
public struct CatalogColumns: Sendable, Equatable, Codable {
    /// Product id (integers), matching `TransactionColumns.product`.
    public var product: String
    /// Category columns from broad (level 1) to narrow; the method uses three.
    public var levels: [String]

    /// A mapping with at least one level column.
    public init(product: String, levels: [String]) {
        precondition(!levels.isEmpty, "CatalogColumns needs at least one level column")
        self.product = product
        self.levels = levels
    }

    /// The Complete Journey `products` table: department / product_category / product_type.
    public static let completeJourney = CatalogColumns(
        product: "product_id", levels: ["department", "product_category", "product_type"])

    private enum CodingKeys: String, CodingKey { case product, levels }

    /// Decodes a mapping from config JSON; at least one level is required.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let levels = try c.decode([String].self, forKey: .levels)
        guard !levels.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .levels, in: c, debugDescription: "give at least one level column")
        }
        self.init(product: try c.decode(String.self, forKey: .product), levels: levels)
    }
}
