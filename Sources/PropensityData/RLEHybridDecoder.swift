/// Decoder of Parquet's RLE / bit-packing hybrid, used for definition levels and dictionary
/// indices.
///
/// The stream is a sequence of runs, each led by a varint header `h`:
/// ```
/// h & 1 == 0: RLE run, h >> 1 copies of one value stored in ceil(bitWidth / 8) bytes (LE)
/// h & 1 == 1: bit-packed run, (h >> 1) groups of 8 values, bitWidth bits each, LSB first
/// ```
struct RLEHybridDecoder {
    private let bytes: UnsafeRawBufferPointer
    private let bitWidth: Int
    private var position = 0

    /// - Parameters:
    ///   - bytes: the encoded runs (without any length prefix); must outlive the decoder.
    ///   - bitWidth: bits per value, 0...32.
    init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int) throws {
        guard (0...32).contains(bitWidth) else {
            throw DataError(.malformed, "RLE/bit-packed bit width \(bitWidth) is not in 0...32")
        }
        self.bytes = bytes
        self.bitWidth = bitWidth
    }

    /// Bytes consumed so far.
    var consumed: Int { position }

    private func truncated(_ what: String) -> DataError {
        DataError(.malformed, "RLE/bit-packed data ends inside \(what) at byte \(position)")
    }

    private mutating func readVarint() throws -> Int {
        var result = 0
        var shift = 0
        while true {
            guard position < bytes.count else { throw truncated("a run header") }
            let byte = bytes[position]
            position += 1
            guard shift < 56 else { throw DataError(.malformed, "RLE run header too long") }
            result |= Int(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Whether the first `count` values are all `value`, from the run headers alone: true
    /// when RLE runs of `value` cover them (a column without nulls stores its definition
    /// levels so), false when any other run comes first. Does not move the decoder.
    func allEqual(_ value: UInt32, count: Int) -> Bool {
        var copy = self
        var seen = 0
        let valueBytes = (bitWidth + 7) / 8
        while seen < count {
            guard let header = try? copy.readVarint(), header & 1 == 0,
                  copy.position + valueBytes <= bytes.count
            else { return false }
            var run: UInt32 = 0
            for k in 0..<valueBytes { run |= UInt32(bytes[copy.position + k]) << (8 * k) }
            guard run == value else { return false }
            copy.position += valueBytes
            seen += header >> 1
        }
        return true
    }

    /// Decodes exactly `count` values into `output`.
    ///
    /// - Throws: `DataError.malformed` when the stream holds fewer values.
    mutating func decode(into output: UnsafeMutablePointer<UInt32>, count: Int) throws {
        var written = 0
        let valueBytes = (bitWidth + 7) / 8
        let mask: UInt64 = bitWidth == 32 ? 0xffff_ffff : (1 << UInt64(bitWidth)) - 1
        while written < count {
            let header = try readVarint()
            if header & 1 == 0 {
                let runLength = header >> 1
                guard position + valueBytes <= bytes.count else { throw truncated("an RLE run") }
                var value: UInt32 = 0
                for k in 0..<valueBytes { value |= UInt32(bytes[position + k]) << (8 * k) }
                position += valueBytes
                let take = min(runLength, count - written)
                (output + written).update(repeating: value, count: take)
                written += take
            } else {
                let valuesInRun = (header >> 1) * 8
                let runBytes = (header >> 1) * bitWidth
                // Writers may drop the unused tail of the final run, so read what is there.
                let available = min(runBytes, bytes.count - position)
                let take = min(valuesInRun, count - written)
                guard take * bitWidth <= available * 8 else { throw truncated("a bit-packed run") }
                unpack(
                    from: bytes.baseAddress! + position, byteCount: available, count: take,
                    mask: mask, into: output + written)
                position += available
                written += take
            }
        }
    }

    /// Unpacks `count` values of `bitWidth` bits, reading 8 bytes at a time where it can.
    private func unpack(
        from base: UnsafeRawPointer, byteCount: Int, count: Int, mask: UInt64,
        into output: UnsafeMutablePointer<UInt32>
    ) {
        guard bitWidth > 0 else {
            output.update(repeating: 0, count: count)
            return
        }
        var bit = 0
        var i = 0
        // Fast path: a whole 8-byte window lies inside the run.
        while i < count && (bit >> 3) + 8 <= byteCount {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit >> 3,
                                                               as: UInt64.self))
            output[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            bit += bitWidth
            i += 1
        }
        // Tail: assemble the last values byte by byte.
        while i < count {
            var word: UInt64 = 0
            let first = bit >> 3
            for k in 0..<min(8, byteCount - first) {
                word |= UInt64(base.load(fromByteOffset: first + k, as: UInt8.self)) << (8 * k)
            }
            output[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            bit += bitWidth
            i += 1
        }
    }
}
