/// Builders that collect one column's values page by page into a typed array.
///
/// A page's non-null values are appended first; when the page has nulls, `spread` then moves
/// them, back to front and in place, to their rows and fills the gaps with a placeholder.
protocol ParquetColumnBuilder {
    /// Values written so far, nulls included.
    var count: Int { get }
    /// Entries of the current dictionary page, 0 when there is none.
    var dictionaryCount: Int { get }
    mutating func setDictionary(plain bytes: UnsafeRawBufferPointer, count: Int) throws
    mutating func appendPlain(_ bytes: UnsafeRawBufferPointer, count: Int) throws
    /// Appends RLE-encoded values, which Parquet allows for booleans only.
    mutating func appendRLE(_ bytes: UnsafeRawBufferPointer, count: Int) throws
    /// Appends dictionary entries; indices were checked against `dictionaryCount`.
    mutating func appendDictionary(_ indices: UnsafeBufferPointer<UInt32>)
    /// Turns the last `present` appended values into `levels.count` rows, null where
    /// `levels[i] != maxLevel`.
    mutating func spread(present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32)
}

extension ParquetColumnBuilder {
    mutating func appendRLE(_ bytes: UnsafeRawBufferPointer, count: Int) throws {
        throw DataError(.unsupported, "RLE-encoded values in a non-boolean column")
    }
}

/// How to read one PLAIN value of a fixed-width physical type.
protocol FixedWidthPlain {
    /// A plain value type (no references), so uninitialized storage is harmless.
    associatedtype Value: BitwiseCopyable
    static var byteWidth: Int { get }
    static var placeholder: Value { get }
    static func load(_ pointer: UnsafeRawPointer) -> Value
    static func wrap(_ values: [Value]) -> ParquetValues
}

enum Int32Plain: FixedWidthPlain {
    static var byteWidth: Int { 4 }
    static var placeholder: Int32 { 0 }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Int32 {
        Int32(littleEndian: p.loadUnaligned(as: Int32.self))
    }
    static func wrap(_ values: [Int32]) -> ParquetValues { .int32(values) }
}

enum Int64Plain: FixedWidthPlain {
    static var byteWidth: Int { 8 }
    static var placeholder: Int64 { 0 }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Int64 {
        Int64(littleEndian: p.loadUnaligned(as: Int64.self))
    }
    static func wrap(_ values: [Int64]) -> ParquetValues { .int64(values) }
}

enum FloatPlain: FixedWidthPlain {
    static var byteWidth: Int { 4 }
    static var placeholder: Float { 0 }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Float {
        Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
    }
    static func wrap(_ values: [Float]) -> ParquetValues { .float(values) }
}

enum DoublePlain: FixedWidthPlain {
    static var byteWidth: Int { 8 }
    static var placeholder: Double { 0 }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Double {
        Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
    }
    static func wrap(_ values: [Double]) -> ParquetValues { .double(values) }
}

/// INT96 timestamps (Impala, Spark, old Arrow): nanoseconds of the day, then the Julian day.
///
/// ```
/// microseconds = (julianDay - 2_440_588) * 86_400_000_000 + nanosecondsOfDay / 1000
/// ```
enum Int96TimestampPlain: FixedWidthPlain {
    /// Julian day number of 1970-01-01.
    static let unixEpochJulianDay: Int64 = 2_440_588

    static var byteWidth: Int { 12 }
    static var placeholder: Int64 { 0 }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Int64 {
        let nanoseconds = Int64(littleEndian: p.loadUnaligned(as: Int64.self))
        let day = Int64(Int32(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: Int32.self)))
        let micros = nanoseconds >= 0 ? nanoseconds / 1000 : (nanoseconds - 999) / 1000
        // Wrapping: a corrupt day must not trap (real days are far from the limits).
        return (day - unixEpochJulianDay) &* 86_400_000_000 &+ micros
    }
    static func wrap(_ values: [Int64]) -> ParquetValues { .int96Timestamp(values) }
}

/// Collects a fixed-width column straight into the storage of its final array.
struct FixedWidthBuilder<Plain: FixedWidthPlain>: ParquetColumnBuilder {
    /// The column's final storage (uninitialized beyond `count`), owned by the caller.
    private let values: UnsafeMutableBufferPointer<Plain.Value>
    private var dictionary: [Plain.Value] = []
    private(set) var count = 0

    /// - Parameter output: room for every row of the column (all row groups).
    init(output: UnsafeMutableBufferPointer<Plain.Value>) {
        values = output
    }

    var dictionaryCount: Int { dictionary.count }

    private func checkRoom(_ extra: Int) throws {
        guard extra <= values.count - count else {
            throw DataError(.malformed, "pages hold more values than the row groups announce")
        }
    }

    mutating func setDictionary(plain bytes: UnsafeRawBufferPointer, count: Int) throws {
        guard count >= 0, bytes.count / Plain.byteWidth >= count else {
            throw DataError(.malformed, "dictionary page shorter than its \(count) entries")
        }
        let base = bytes.baseAddress
        dictionary = (0..<count).map { Plain.load(base! + $0 * Plain.byteWidth) }
    }

    mutating func appendPlain(_ bytes: UnsafeRawBufferPointer, count n: Int) throws {
        guard bytes.count / Plain.byteWidth >= n else {
            throw DataError(.malformed, "PLAIN page holds fewer than its \(n) values")
        }
        try checkRoom(n)
        guard n > 0 else { return }
        let out = values.baseAddress! + count
        let source = bytes.baseAddress!
        for i in 0..<n { (out + i).initialize(to: Plain.load(source + i * Plain.byteWidth)) }
        count += n
    }

    mutating func appendDictionary(_ indices: UnsafeBufferPointer<UInt32>) {
        precondition(indices.count <= values.count - count, "dictionary page overflows column")
        let out = values.baseAddress! + count
        // A local copy keeps the loop free of exclusivity checks on `self`.
        let dictionary = self.dictionary
        dictionary.withUnsafeBufferPointer { dict in
            for i in 0..<indices.count { (out + i).initialize(to: dict[Int(indices[i])]) }
        }
        count += indices.count
    }

    mutating func spread(present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) {
        let base = count - present
        precondition(levels.count <= values.count - base, "null spreading overflows column")
        let out = values.baseAddress! + base
        var next = present - 1
        for i in stride(from: levels.count - 1, through: 0, by: -1) {
            if levels[i] == maxLevel {
                (out + i).initialize(to: out[next])
                next -= 1
            } else {
                (out + i).initialize(to: Plain.placeholder)
            }
        }
        count = base + levels.count
    }
}

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

/// Collects a BYTE_ARRAY column into one byte buffer plus offsets.
struct ByteArrayBuilder: ParquetColumnBuilder {
    private var column = ByteArrayColumn()
    private var dictionary = ByteArrayColumn()

    init(capacity: Int) { column.offsets.reserveCapacity(capacity + 1) }

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

    mutating func setDictionary(plain bytes: UnsafeRawBufferPointer, count: Int) throws {
        dictionary = ByteArrayColumn()
        try Self.appendPlain(bytes, count: count, to: &dictionary)
    }

    mutating func appendPlain(_ bytes: UnsafeRawBufferPointer, count n: Int) throws {
        try Self.appendPlain(bytes, count: n, to: &column)
    }

    mutating func appendDictionary(_ indices: UnsafeBufferPointer<UInt32>) {
        for index in indices {
            let i = Int(index)
            column.bytes.append(contentsOf: dictionary.value(at: i))
            column.offsets.append(column.bytes.count)
        }
    }

    mutating func spread(present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) {
        // offsets[base + k + 1] ends value k of the page; nulls repeat the previous end.
        let base = column.count - present
        column.offsets.append(contentsOf: repeatElement(0, count: levels.count - present))
        var remaining = present
        column.offsets.withUnsafeMutableBufferPointer { offsets in
            for i in stride(from: levels.count - 1, through: 0, by: -1) {
                offsets[base + i + 1] = offsets[base + remaining]
                if levels[i] == maxLevel { remaining -= 1 }
            }
        }
    }

    func finish() -> ParquetValues { .byteArray(column) }
}
