/// Decodes Parquet's DELTA_BINARY_PACKED integers.
///
/// Layout: a header of ULEB128 block size, miniblocks per block, value count and a zigzag
/// first value; then blocks of a zigzag minimum delta, one bit width byte per miniblock and
/// the miniblocks' bit-packed (LSB first) deltas above the minimum:
///
/// ```
/// value[i] = value[i - 1] + minDelta + packed[i]   (wrapping, in 64 bits)
/// ```
enum DeltaBinaryPackedDecoder {
    /// The values of one run and the number of bytes it took.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> (values: [Int64], used: Int) {
        var position = 0
        func malformed(_ what: String) -> DataError {
            DataError(.malformed, "DELTA_BINARY_PACKED \(what)")
        }
        func uleb() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < bytes.count, shift < 64 else { throw malformed("header is cut") }
                let byte = bytes[position]
                position += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
        }
        func zigzag() throws -> Int64 {
            let raw = try uleb()
            return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
        }
        let blockSize = Int(truncatingIfNeeded: try uleb())
        let miniblocks = Int(truncatingIfNeeded: try uleb())
        let total = Int(truncatingIfNeeded: try uleb())
        var last = try zigzag()
        guard blockSize > 0, blockSize % 128 == 0, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0, total >= 0, total <= bytes.count * 64 + 1
        else { throw malformed("header is invalid") }
        let perMiniblock = blockSize / miniblocks
        var values: [Int64] = []
        values.reserveCapacity(total)
        if total > 0 { values.append(last) }
        while values.count < total {
            let minDelta = try zigzag()
            guard position + miniblocks <= bytes.count else { throw malformed("block is cut") }
            let widths = (0..<miniblocks).map { Int(bytes[position + $0]) }
            position += miniblocks
            for width in widths where values.count < total {
                guard width <= 64 else { throw malformed("bit width \(width) is invalid") }
                let length = perMiniblock * width / 8
                guard position + length <= bytes.count else { throw malformed("miniblock is cut") }
                let count = min(perMiniblock, total - values.count)
                var bit = 0
                for _ in 0..<count {
                    var packed: UInt64 = 0
                    var got = 0
                    while got < width {
                        let byte = UInt64(bytes[position + (bit >> 3)])
                        let offset = bit & 7
                        let take = min(8 - offset, width - got)
                        packed |= ((byte >> UInt64(offset)) & ((1 << UInt64(take)) - 1))
                            << UInt64(got)
                        got += take
                        bit += take
                    }
                    last = last &+ minDelta &+ Int64(bitPattern: packed)
                    values.append(last)
                }
                position += length
            }
        }
        return (values, position)
    }
}
