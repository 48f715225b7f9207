/// Where each sequence of a batch lives in a packed activation matrix.
///
/// A packed matrix has `R` rows of `C` channels. Row 0 is a zero separator; then come the
/// valid steps of sequence 0 (oldest first), a zero separator, the steps of sequence 1, and so
/// on, ending with a separator. This is the `[N, L, C]` layout with the padding taken out, and
/// the separators act as the zero padding a kernel-3 convolution sees at both ends:
///
/// ```
/// row:  0   1 ... len0   len0+1   len0+2 ...   R-1
///       0   s0 steps     0        s1 steps     0
/// ```
///
/// The LSTM needs sequences sorted by length, longest first, so that the sequences still
/// running at step `s` are a prefix of the batch (see ``isSortedByLengthDescending``).
public struct SequenceLayout: Sendable, Equatable {
    /// Valid steps per sequence, `[N]`.
    public let lengths: [Int]
    /// Row of each sequence's oldest step, `[N]`.
    public let offsets: [Int]
    /// Total rows including the separators.
    public let rowCount: Int
    /// Longest sequence.
    public let maxLength: Int

    /// Lays out sequences of the given lengths, in the given order.
    public init(lengths: [Int]) {
        precondition(lengths.allSatisfy { $0 >= 0 }, "negative sequence length in \(lengths)")
        self.lengths = lengths
        var offsets = [Int]()
        offsets.reserveCapacity(lengths.count)
        var row = 1
        for length in lengths {
            offsets.append(row)
            row += length + 1
        }
        self.offsets = offsets
        rowCount = row
        maxLength = lengths.max() ?? 0
    }

    /// Number of sequences `N`.
    public var count: Int { lengths.count }

    /// Whether lengths never increase along the batch, as the LSTM requires.
    public var isSortedByLengthDescending: Bool {
        zip(lengths, lengths.dropFirst()).allSatisfy { $0 >= $1 }
    }

    /// The layout after a max-pool of width 2: each sequence keeps `ceil(length / 2)` steps.
    public var pooled: SequenceLayout {
        SequenceLayout(lengths: lengths.map { ($0 + 1) / 2 })
    }

    /// Rows of all separators, ascending.
    public var separatorRows: [Int] {
        offsets.map { $0 - 1 } + [rowCount - 1]
    }
}
