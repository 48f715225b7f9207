/// Variable-length values (strings, blobs) packed end to end in one buffer.
///
/// Value `i` is `bytes[offsets[i]..<offsets[i + 1]]`; a null row has an empty range.
public struct ByteArrayColumn: Sendable {
    /// All values' bytes, end to end.
    public var bytes: [UInt8]
    /// `count + 1` offsets into `bytes`, starting at 0.
    public var offsets: [Int]

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
