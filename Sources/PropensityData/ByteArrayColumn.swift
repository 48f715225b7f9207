/// Variable-length values (strings, blobs) packed end to end in one buffer.
///
/// Value `i` is `bytes[offsets[i]..<offsets[i + 1]]`; a null row has an empty range.
public struct ByteArrayColumn: Sendable {
    /// All values' bytes, end to end.
    public var bytes: [UInt8]
    /// `count + 1` offsets into `bytes`, starting at 0.
    public var offsets: [Int]
    /// When every value came from one Parquet dictionary: that dictionary and each row's
    /// index into it (-1 for null), so readers can work per distinct value.
    var dictionary: DictionaryCodes?

    /// A dictionary-encoded column's distinct values and its rows' indices into them (a
    /// class: a column holding a column).
    final class DictionaryCodes: Sendable {
        let values: ByteArrayColumn
        let codes: [Int32]

        init(values: ByteArrayColumn, codes: [Int32]) {
            self.values = values
            self.codes = codes
        }
    }

    /// A column from packed bytes and offsets (empty by default).
    public init(bytes: [UInt8] = [], offsets: [Int] = [0]) {
        self.bytes = bytes
        self.offsets = offsets
    }

    /// Number of values.
    public var count: Int { offsets.count - 1 }

    /// Value `i` decoded as UTF-8 (invalid bytes become U+FFFD).
    public func string(at i: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(
                decoding: UnsafeBufferPointer(rebasing: buffer[offsets[i]..<offsets[i + 1]]),
                as: UTF8.self)
        }
    }

    /// The bytes of value `i`.
    public func value(at i: Int) -> ArraySlice<UInt8> { bytes[offsets[i]..<offsets[i + 1]] }
}
