/// A product category to predict first purchases of: a set of values at one catalog level.
///
/// A *target event* is a purchase whose category at `level` is one of `values`.
public struct Target: Hashable, Sendable, Codable {
    /// A short name used in file names and reports (`baby`).
    public var name: String
    /// Catalog level 1 (broad) ... 3 (narrow).
    public var level: Int
    /// Category values at `level` that make an event a target event (exact match).
    public var values: Set<String>

    public init(name: String, level: Int, values: Set<String>) {
        self.name = name
        self.level = level
        self.values = values
    }

    /// Throws unless the level is 1...3 and there is at least one value.
    public func validate() throws {
        guard (1...EncodedSequences.levelCount).contains(level) else {
            throw SampleError(.invalidTarget,
                              "target `\(name)` has level \(level); use a level from 1 to 3")
        }
        guard !values.isEmpty else {
            throw SampleError(.invalidTarget,
                              "target `\(name)` has no category values; list at least one")
        }
    }

    /// METHOD.md's reference target: baby products (level 2).
    public static let baby = Target(name: "baby", level: 2, values: [
        "DIAPERS & DISPOSABLES", "INFANT FORMULA", "BABY FOODS", "BABYFOOD",
        "INFANT CARE PRODUCTS", "BABY HBC",
    ])

    /// METHOD.md's reference target: pet food and supplies (level 2).
    public static let pet = Target(name: "pet", level: 2, values: [
        "CAT FOOD", "CAT LITTER", "DOG FOODS", "PET CARE SUPPLIES",
    ])

    /// METHOD.md's reference target: wine (level 2).
    public static let wine = Target(name: "wine", level: 2, values: [
        "DOMESTIC WINE", "IMPORTED WINE", "MISC WINE",
    ])

    /// The three reference targets in METHOD.md's order.
    public static let reference: [Target] = [.baby, .pet, .wine]
}
