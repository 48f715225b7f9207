/// Collects a BOOLEAN column (PLAIN bit-packed, LSB first).
struct BooleanBuilder: ParquetColumnBuilder {
    private var values: [Bool] = []
    private var dictionary: [Bool] = []

    init(capacity: Int) { values.reserveCapacity(capacity) }

    var count: Int { values.count }
    var dictionaryCount: Int { dictionary.count }

    mutating func setDictionary(plain bytes: UnsafeRawBufferPointer, count: Int) throws {
        guard bytes.count * 8 >= count else {
            throw DataError(.malformed, "dictionary page shorter than its \(count) entries")
        }
        dictionary = (0..<count).map { bytes[$0 >> 3] >> UInt8($0 & 7) & 1 == 1 }
    }

    mutating func appendPlain(_ bytes: UnsafeRawBufferPointer, count n: Int) throws {
        guard bytes.count * 8 >= n else {
            throw DataError(.malformed, "PLAIN page holds fewer than its \(n) booleans")
        }
        for i in 0..<n { values.append(bytes[i >> 3] >> UInt8(i & 7) & 1 == 1) }
    }

    /// Booleans in RLE encoding: a 4-byte length, then the hybrid with bit width 1.
    mutating func appendRLE(_ bytes: UnsafeRawBufferPointer, count n: Int) throws {
        guard bytes.count >= 4 else { throw DataError(.malformed, "RLE boolean page too short") }
        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
        guard length <= bytes.count - 4 else {
            throw DataError(.malformed, "RLE boolean run length \(length) exceeds the page")
        }
        var decoder = try RLEHybridDecoder(
            UnsafeRawBufferPointer(rebasing: bytes[4..<(4 + length)]), bitWidth: 1)
        var bits = [UInt32](repeating: 0, count: n)
        try bits.withUnsafeMutableBufferPointer {
            try decoder.decode(into: $0.baseAddress!, count: n)
        }
        values.append(contentsOf: bits.lazy.map { $0 != 0 })
    }

    mutating func appendDictionary(_ indices: UnsafeBufferPointer<UInt32>) {
        for index in indices { values.append(dictionary[Int(index)]) }
    }

    mutating func spread(present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) {
        let base = values.count - present
        values.append(contentsOf: repeatElement(false, count: levels.count - present))
        var next = present - 1
        for i in stride(from: levels.count - 1, through: 0, by: -1) {
            if levels[i] == maxLevel {
                values[base + i] = values[base + next]
                next -= 1
            } else {
                values[base + i] = false
            }
        }
    }

    func finish() -> ParquetValues { .boolean(values) }
}
