/// How to read one PLAIN value of a fixed-width physical type.
protocol FixedWidthPlain {
    /// A plain value type (no references), so uninitialized storage is harmless.
    associatedtype Value: BitwiseCopyable
    static var byteWidth: Int { get }
    static var placeholder: Value { get }
    static func load(_ pointer: UnsafeRawPointer) -> Value
    static func wrap(_ values: [Value]) -> ParquetValues
    /// A DELTA_BINARY_PACKED integer as a value; nil for non-integer types.
    static func integer(_ value: Int64) -> Value?
}

extension FixedWidthPlain {
    static func integer(_ value: Int64) -> Value? { nil }
}

enum Int32Plain: FixedWidthPlain {
    static var byteWidth: Int { 4 }
    static var placeholder: Int32 { 0 }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Int32 {
        Int32(littleEndian: p.loadUnaligned(as: Int32.self))
    }
    static func wrap(_ values: [Int32]) -> ParquetValues { .int32(values) }
    static func integer(_ value: Int64) -> Int32? { Int32(truncatingIfNeeded: value) }
}

enum Int64Plain: FixedWidthPlain {
    static var byteWidth: Int { 8 }
    static var placeholder: Int64 { 0 }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Int64 {
        Int64(littleEndian: p.loadUnaligned(as: Int64.self))
    }
    static func wrap(_ values: [Int64]) -> ParquetValues { .int64(values) }
    static func integer(_ value: Int64) -> Int64? { value }
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
