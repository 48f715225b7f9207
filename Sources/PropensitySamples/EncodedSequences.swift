/// Histories encoded as fixed-length, left-padded step arrays, ready for a sequence model.
///
/// Shapes (row-major): `categories` `[N, L, 3]` (0 = padding, 1 = unknown), `numbers`
/// `[N, L, 6]` (standardised; zero at padding), `lengths` `[N]` valid steps at the right end,
/// `labels` `[N]` in {0, 1}.
public struct EncodedSequences: Sendable {
    public static let levelCount = 3
    public static let numberCount = 6

    public var maxLength: Int
    public var categories: [Int32]
    public var numbers: [Float]
    public var lengths: [Int32]
    public var labels: [Float]

    public var count: Int { lengths.count }

    public init(
        maxLength: Int, categories: [Int32], numbers: [Float], lengths: [Int32], labels: [Float]
    ) {
        precondition(categories.count == lengths.count * maxLength * Self.levelCount)
        precondition(numbers.count == lengths.count * maxLength * Self.numberCount)
        precondition(labels.count == lengths.count)
        self.maxLength = maxLength
        self.categories = categories
        self.numbers = numbers
        self.lengths = lengths
        self.labels = labels
    }
}
