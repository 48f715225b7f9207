/// Parquet's footer (FileMetaData), decoded from the Thrift compact protocol.
///
/// Only the fields a flat-table reader needs are kept; every other field is skipped. Field
/// numbers follow `parquet.thrift` of the Apache Parquet format.

/// One node of the flattened schema tree (the root, a group, or a leaf column).
struct SchemaElement {
    var type: ParquetPhysicalType?
    var typeLength: Int32?
    /// 0 required, 1 optional, 2 repeated.
    var repetition: Int32 = 0
    var name = ""
    var childCount: Int32 = 0
    var logicalType: ParquetLogicalType?

    static func read(_ reader: inout ThriftCompactReader) throws -> SchemaElement {
        var element = SchemaElement()
        var convertedType: Int32?
        var scale: Int32 = 0
        var precision: Int32 = 0
        try reader.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32):
                let code = try r.readI32()
                guard let physical = ParquetPhysicalType(rawValue: code) else {
                    throw DataError(.unsupported, "unknown Parquet physical type \(code)")
                }
                element.type = physical
            case (2, .i32): element.typeLength = try r.readI32()
            case (3, .i32): element.repetition = try r.readI32()
            case (4, .binary): element.name = try r.readString()
            case (5, .i32): element.childCount = try r.readI32()
            case (6, .i32): convertedType = try r.readI32()
            case (7, .i32): scale = try r.readI32()
            case (8, .i32): precision = try r.readI32()
            case (10, .structure): element.logicalType = try readLogicalType(&r)
            default: try r.skip(type)
            }
        }
        if element.logicalType == nil, let convertedType {
            element.logicalType = legacyType(convertedType, scale: scale, precision: precision)
        }
        return element
    }

    /// The LogicalType union: exactly one field is set, each a (mostly empty) struct.
    private static func readLogicalType(
        _ reader: inout ThriftCompactReader
    ) throws -> ParquetLogicalType? {
        var result: ParquetLogicalType?
        try reader.readStruct { r, id, type in
            switch (id, type) {
            case (1, .structure):
                try r.skip(type)
                result = .string
            case (5, .structure):
                var scale: Int32 = 0
                var precision: Int32 = 0
                try r.readStruct { d, field, fieldType in
                    switch (field, fieldType) {
                    case (1, .i32): scale = try d.readI32()
                    case (2, .i32): precision = try d.readI32()
                    default: try d.skip(fieldType)
                    }
                }
                result = .decimal(scale: scale, precision: precision)
            case (6, .structure):
                try r.skip(type)
                result = .date
            case (7, .structure), (8, .structure):
                var unit = ParquetTimeUnit.milliseconds
                var utc = false
                try r.readStruct { t, field, fieldType in
                    if field == 2, fieldType == .structure {
                        unit = try readTimeUnit(&t)
                    } else if field == 1, fieldType == .boolTrue || fieldType == .boolFalse {
                        utc = fieldType == .boolTrue
                    } else {
                        try t.skip(fieldType)
                    }
                }
                result = id == 7 ? .time(unit) : utc ? .utcTimestamp(unit) : .timestamp(unit)
            case (10, .structure):
                var bits: Int8 = 64
                var signed = true
                try r.readStruct { t, field, fieldType in
                    switch (field, fieldType) {
                    case (1, .byte): bits = Int8(bitPattern: try t.readByte())
                    case (2, .boolTrue), (2, .boolFalse): signed = try t.boolValue(of: fieldType)
                    default: try t.skip(fieldType)
                    }
                }
                result = .integer(bitWidth: bits, signed: signed)
            default:
                try r.skip(type)
                let names = [2: "MAP", 3: "LIST", 4: "ENUM", 11: "UNKNOWN", 12: "JSON",
                             13: "BSON", 14: "UUID", 15: "FLOAT16"]
                result = .other(names[Int(id)] ?? "logical type \(id)")
            }
        }
        return result
    }

    private static func readTimeUnit(
        _ reader: inout ThriftCompactReader
    ) throws -> ParquetTimeUnit {
        var unit = ParquetTimeUnit.milliseconds
        try reader.readStruct { r, id, type in
            switch id {
            case 2: unit = .microseconds
            case 3: unit = .nanoseconds
            default: unit = .milliseconds
            }
            try r.skip(type)
        }
        return unit
    }

    /// ConvertedType, the pre-2.4 annotation still written by older tools.
    private static func legacyType(
        _ code: Int32, scale: Int32, precision: Int32
    ) -> ParquetLogicalType? {
        switch code {
        case 0: return .string
        case 5: return .decimal(scale: scale, precision: precision)
        case 6: return .date
        case 7: return .time(.milliseconds)
        case 8: return .time(.microseconds)
        case 9: return .timestamp(.milliseconds)
        case 10: return .timestamp(.microseconds)
        case 11...14: return .integer(bitWidth: Int8(8 << (code - 11)), signed: false)
        case 15...18: return .integer(bitWidth: Int8(8 << (code - 15)), signed: true)
        case 1, 2, 3: return .other(["MAP", "MAP_KEY_VALUE", "LIST"][Int(code) - 1])
        default: return .other("converted type \(code)")
        }
    }
}

/// Where one column's pages sit in one row group, and how they are compressed.
struct ColumnChunkMetadata {
    var physicalType: Int32 = -1
    var path: [String] = []
    var codec: Int32 = 0
    var valueCount: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
    /// Set when the chunk lives in another file, which this reader does not follow.
    var filePath: String?

    static func readChunk(_ reader: inout ThriftCompactReader) throws -> ColumnChunkMetadata {
        var chunk = ColumnChunkMetadata()
        try reader.readStruct { r, id, type in
            switch (id, type) {
            case (1, .binary): chunk.filePath = try r.readString()
            case (3, .structure): try chunk.readColumnMetaData(&r)
            default: try r.skip(type)
            }
        }
        return chunk
    }

    private mutating func readColumnMetaData(_ reader: inout ThriftCompactReader) throws {
        try reader.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): physicalType = try r.readI32()
            case (3, .list): path = try r.readList { try $0.readString() }
            case (4, .i32): codec = try r.readI32()
            case (5, .i64): valueCount = try r.readI64()
            case (7, .i64): totalCompressedSize = try r.readI64()
            case (9, .i64): dataPageOffset = try r.readI64()
            case (11, .i64): dictionaryPageOffset = try r.readI64()
            default: try r.skip(type)
            }
        }
    }
}

struct RowGroupMetadata {
    var columns: [ColumnChunkMetadata] = []
    var rowCount: Int64 = 0

    static func read(_ reader: inout ThriftCompactReader) throws -> RowGroupMetadata {
        var group = RowGroupMetadata()
        try reader.readStruct { r, id, type in
            switch (id, type) {
            case (1, .list): group.columns = try r.readList(ColumnChunkMetadata.readChunk)
            case (3, .i64): group.rowCount = try r.readI64()
            default: try r.skip(type)
            }
        }
        return group
    }
}

/// The footer: schema, row count and row groups.
struct FileMetadata {
    var schema: [SchemaElement] = []
    var rowCount: Int64 = 0
    var rowGroups: [RowGroupMetadata] = []
    var createdBy: String?

    static func read(_ reader: inout ThriftCompactReader) throws -> FileMetadata {
        var meta = FileMetadata()
        try reader.readStruct { r, id, type in
            switch (id, type) {
            case (2, .list): meta.schema = try r.readList(SchemaElement.read)
            case (3, .i64): meta.rowCount = try r.readI64()
            case (4, .list): meta.rowGroups = try r.readList(RowGroupMetadata.read)
            case (6, .binary): meta.createdBy = try r.readString()
            default: try r.skip(type)
            }
        }
        return meta
    }
}
