/// A reader for the Thrift compact protocol, the encoding of Parquet's footer and page headers.
///
/// The reader walks bytes in order; the caller decodes structs field by field and skips what
/// it does not need with `skip(_:)`. Field ids inside a struct are deltas from the previous
/// field, so `readFieldHeader()` keeps the last id of each open struct on a stack.
struct ThriftCompactReader {
    /// Compact-protocol type codes (the low nibble of a field header).
    enum CompactType: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6
        case double = 7, binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    private let bytes: UnsafeRawBufferPointer
    /// Offset of the next unread byte.
    private(set) var position: Int
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []

    /// - Parameters:
    ///   - bytes: the buffer; it must outlive the reader.
    ///   - position: offset of the first byte to read.
    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    private func truncated() -> DataError {
        DataError(
            .malformed,
            "Thrift metadata ends early at byte \(position) of \(bytes.count); "
                + "the file is truncated or not Parquet")
    }

    mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw truncated() }
        let byte = bytes[position]
        position += 1
        return byte
    }

    /// An unsigned LEB128 varint of at most 64 bits.
    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else {
                throw DataError(
                    .malformed, "Thrift varint longer than 64 bits at byte \(position)")
            }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A zigzag-encoded signed varint (i16, i32 and i64 all use it).
    mutating func readZigzag() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func readI32() throws -> Int32 {
        let value = try readZigzag()
        guard let narrow = Int32(exactly: value) else {
            throw DataError(.malformed, "Thrift i32 out of range: \(value)")
        }
        return narrow
    }

    mutating func readI64() throws -> Int64 { try readZigzag() }

    mutating func readDouble() throws -> Double {
        guard position + 8 <= bytes.count else { throw truncated() }
        let bits = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    /// A length-prefixed byte string.
    mutating func readBinary() throws -> UnsafeRawBufferPointer {
        let length = try readVarint()
        guard length <= UInt64(bytes.count - position) else { throw truncated() }
        let start = position
        position += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<position])
    }

    mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// The value of a bool field, which the compact protocol stores in the field's type.
    func boolValue(of type: CompactType) throws -> Bool {
        switch type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw DataError(.malformed, "Thrift field of type \(type) read as bool")
        }
    }

    /// The next field's id and type, or nil at the end of the current struct.
    mutating func readFieldHeader() throws -> (id: Int16, type: CompactType)? {
        let header = try readByte()
        guard let type = CompactType(rawValue: header & 0x0f) else {
            throw DataError(.malformed, "unknown Thrift type code \(header & 0x0f)")
        }
        if type == .stop { return nil }
        let delta = Int16(header >> 4)
        if delta != 0 {
            lastFieldID &+= delta
        } else {
            lastFieldID = Int16(truncatingIfNeeded: try readZigzag())
        }
        return (lastFieldID, type)
    }

    /// The element type and count of a list or set.
    mutating func readListHeader() throws -> (type: CompactType, count: Int) {
        let header = try readByte()
        guard let type = CompactType(rawValue: header & 0x0f) else {
            throw DataError(.malformed, "unknown Thrift list element type \(header & 0x0f)")
        }
        var count = Int(header >> 4)
        if count == 15 {
            let wide = try readVarint()
            // Every element takes at least one byte, so a larger count is corrupt.
            guard wide <= UInt64(bytes.count - position) else { throw truncated() }
            count = Int(wide)
        }
        return (type, count)
    }

    /// Decodes one struct: `body` is called once per field and must consume its value
    /// (read it, or `skip` it).
    mutating func readStruct(
        _ body: (inout ThriftCompactReader, Int16, CompactType) throws -> Void
    ) throws {
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
        while let (id, type) = try readFieldHeader() {
            try body(&self, id, type)
        }
        lastFieldID = fieldIDStack.removeLast()
    }

    /// Decodes a list whose elements `element` reads one at a time.
    mutating func readList<T>(
        _ element: (inout ThriftCompactReader) throws -> T
    ) throws -> [T] {
        let (_, count) = try readListHeader()
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try element(&self)) }
        return items
    }

    /// Skips one value of the given type, nested containers included.
    mutating func skip(_ type: CompactType, depth: Int = 0) throws {
        guard depth < 64 else { throw DataError(.malformed, "Thrift nesting deeper than 64") }
        switch type {
        case .stop:
            throw DataError(.malformed, "Thrift stop marker where a value was expected")
        case .boolTrue, .boolFalse:
            break
        case .byte:
            _ = try readByte()
        case .i16, .i32, .i64:
            _ = try readVarint()
        case .double:
            guard position + 8 <= bytes.count else { throw truncated() }
            position += 8
        case .binary:
            _ = try readBinary()
        case .list, .set:
            let (elementType, count) = try readListHeader()
            for _ in 0..<count { try skipElement(elementType, depth: depth + 1) }
        case .map:
            let count = try readVarint()
            guard count > 0 else { return }
            guard count <= UInt64(bytes.count - position) else { throw truncated() }
            let kinds = try readByte()
            guard let key = CompactType(rawValue: kinds >> 4),
                let value = CompactType(rawValue: kinds & 0x0f)
            else { throw DataError(.malformed, "unknown Thrift map types \(kinds)") }
            for _ in 0..<count {
                try skipElement(key, depth: depth + 1)
                try skipElement(value, depth: depth + 1)
            }
        case .structure:
            try readStruct { reader, _, fieldType in
                try reader.skip(fieldType, depth: depth + 1)
            }
        }
    }

    /// Inside lists and maps a bool is a whole byte rather than part of a header.
    private mutating func skipElement(_ type: CompactType, depth: Int) throws {
        if type == .boolTrue || type == .boolFalse {
            _ = try readByte()
        } else {
            try skip(type, depth: depth)
        }
    }
}
