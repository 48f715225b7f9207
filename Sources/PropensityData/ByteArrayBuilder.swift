/// Collects a BYTE_ARRAY column into one byte buffer plus offsets.
struct ByteArrayBuilder: ParquetColumnBuilder {
    private var column = ByteArrayColumn()
    private var dictionary = ByteArrayColumn()
    /// Each row's dictionary index while every value so far came from the one dictionary
    /// (nil once a PLAIN page or a second dictionary arrives).
    private var codes: [Int32]? = []
    private var dictionaries = 0

    /// Value width of a FIXED_LEN_BYTE_ARRAY column (PLAIN values carry no length prefix).
    private let fixedWidth: Int?

    init(capacity: Int, fixedWidth: Int? = nil) {
        column.offsets.reserveCapacity(capacity + 1)
        self.fixedWidth = fixedWidth
    }

    var count: Int { column.count }
    var dictionaryCount: Int { dictionary.count }

    /// PLAIN byte arrays: each value is a 4-byte little-endian length, then the bytes.
    private static func appendPlain(
        _ bytes: UnsafeRawBufferPointer, count n: Int, to target: inout ByteArrayColumn
    ) throws {
        var position = 0
        for _ in 0..<n {
            guard position + 4 <= bytes.count else {
                throw DataError(.malformed, "PLAIN byte array page holds fewer than \(n) values")
            }
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(
                fromByteOffset: position, as: UInt32.self)))
            position += 4
            guard length <= bytes.count - position else {
                throw DataError(.malformed, "byte array of \(length) bytes overruns its page")
            }
            target.bytes.append(contentsOf: UnsafeRawBufferPointer(
                rebasing: bytes[position..<(position + length)]))
            target.offsets.append(target.bytes.count)
            position += length
        }
    }

    /// PLAIN fixed-length byte arrays: `width` bytes each, back to back.
    private static func appendFixed(
        _ bytes: UnsafeRawBufferPointer, count n: Int, width: Int, to target: inout ByteArrayColumn
    ) throws {
        guard n >= 0, bytes.count / max(width, 1) >= n else {
            throw DataError(.malformed, "FIXED_LEN_BYTE_ARRAY page holds fewer than \(n) values")
        }
        for i in 0..<n {
            target.bytes.append(contentsOf: UnsafeRawBufferPointer(
                rebasing: bytes[(i * width)..<((i + 1) * width)]))
            target.offsets.append(target.bytes.count)
        }
    }

    mutating func setDictionary(plain bytes: UnsafeRawBufferPointer, count: Int) throws {
        dictionaries += 1
        if dictionaries > 1 { codes = nil }
        dictionary = ByteArrayColumn()
        if let fixedWidth {
            try Self.appendFixed(bytes, count: count, width: fixedWidth, to: &dictionary)
        } else {
            try Self.appendPlain(bytes, count: count, to: &dictionary)
        }
    }

    mutating func appendPlain(_ bytes: UnsafeRawBufferPointer, count n: Int) throws {
        codes = nil
        if let fixedWidth {
            try Self.appendFixed(bytes, count: n, width: fixedWidth, to: &column)
        } else {
            try Self.appendPlain(bytes, count: n, to: &column)
        }
    }

    mutating func appendDictionary(_ indices: UnsafeBufferPointer<UInt32>) {
        codes?.append(contentsOf: indices.lazy.map { Int32(truncatingIfNeeded: $0) })
        // Sizes first, then one copy per value into the grown buffer.
        let entries = dictionary.offsets
        var total = 0
        for index in indices { total += entries[Int(index) + 1] - entries[Int(index)] }
        var end = column.bytes.count
        var ends = [Int]()
        ends.reserveCapacity(indices.count)
        column.bytes.append(contentsOf: repeatElement(0, count: total))
        column.bytes.withUnsafeMutableBytes { out in
            dictionary.bytes.withUnsafeBytes { source in
                for index in indices {
                    let start = entries[Int(index)], length = entries[Int(index) + 1] - start
                    if length > 0 {
                        out.baseAddress!.advanced(by: end)
                            .copyMemory(from: source.baseAddress! + start, byteCount: length)
                    }
                    end += length
                    ends.append(end)
                }
            }
        }
        column.offsets.append(contentsOf: ends)
    }

    mutating func spread(present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) {
        // offsets[base + k + 1] ends value k of the page; nulls repeat the previous end.
        let base = column.count - present
        column.offsets.append(contentsOf: repeatElement(0, count: levels.count - present))
        var remaining = present
        if codes != nil {
            Self.spread(&codes!, present: present, levels: levels, maxLevel: maxLevel)
        }
        column.offsets.withUnsafeMutableBufferPointer { offsets in
            for i in stride(from: levels.count - 1, through: 0, by: -1) {
                offsets[base + i + 1] = offsets[base + remaining]
                if levels[i] == maxLevel { remaining -= 1 }
            }
        }
    }

    /// Spreads the last `present` codes over the page's rows as `spread` does the offsets;
    /// a null row gets -1.
    private static func spread(
        _ codes: inout [Int32], present: Int, levels: UnsafeBufferPointer<UInt32>,
        maxLevel: UInt32
    ) {
        let base = codes.count - present
        codes.append(contentsOf: repeatElement(-1, count: levels.count - present))
        var left = present
        codes.withUnsafeMutableBufferPointer { codes in
            for i in stride(from: levels.count - 1, through: 0, by: -1) {
                if levels[i] == maxLevel {
                    codes[base + i] = codes[base + left - 1]
                    left -= 1
                } else {
                    codes[base + i] = -1
                }
            }
        }
    }

    func finish() -> ParquetValues {
        var column = column
        if let codes, dictionaries == 1 {
            column.dictionary = .init(values: dictionary, codes: codes)
        }
        return .byteArray(column)
    }
}
