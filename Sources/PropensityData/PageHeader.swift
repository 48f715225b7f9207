/// A data or dictionary page header, decoded from the Thrift compact protocol.
///
/// Field numbers follow `parquet.thrift`; other fields are skipped.
/// A page header; `kind` is 0 data v1, 1 index, 2 dictionary, 3 data v2.
struct PageHeader {
    var kind: Int32 = -1
    var uncompressedSize: Int32 = 0
    var compressedSize: Int32 = 0
    /// Values in the page, nulls included (data pages), or dictionary entries.
    var valueCount: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = ParquetEncoding.rle
    var repetitionLevelEncoding: Int32 = ParquetEncoding.rle
    /// Data page v2: null count, byte lengths of the (never compressed) levels, and whether
    /// the values after them are compressed.
    var nullCount: Int32 = 0
    var definitionLevelsLength: Int32 = 0
    var repetitionLevelsLength: Int32 = 0
    var isCompressed = true

    static func read(_ reader: inout ThriftCompactReader) throws -> PageHeader {
        var header = PageHeader()
        try reader.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): header.kind = try r.readI32()
            case (2, .i32): header.uncompressedSize = try r.readI32()
            case (3, .i32): header.compressedSize = try r.readI32()
            case (5, .structure):
                try r.readStruct { d, field, fieldType in
                    switch (field, fieldType) {
                    case (1, .i32): header.valueCount = try d.readI32()
                    case (2, .i32): header.encoding = try d.readI32()
                    case (3, .i32): header.definitionLevelEncoding = try d.readI32()
                    case (4, .i32): header.repetitionLevelEncoding = try d.readI32()
                    default: try d.skip(fieldType)
                    }
                }
            case (7, .structure):
                try r.readStruct { d, field, fieldType in
                    switch (field, fieldType) {
                    case (1, .i32): header.valueCount = try d.readI32()
                    case (2, .i32): header.encoding = try d.readI32()
                    default: try d.skip(fieldType)
                    }
                }
            case (8, .structure):
                try r.readStruct { d, field, fieldType in
                    switch (field, fieldType) {
                    case (1, .i32): header.valueCount = try d.readI32()
                    case (2, .i32): header.nullCount = try d.readI32()
                    case (4, .i32): header.encoding = try d.readI32()
                    case (5, .i32): header.definitionLevelsLength = try d.readI32()
                    case (6, .i32): header.repetitionLevelsLength = try d.readI32()
                    case (7, .boolTrue): header.isCompressed = true
                    case (7, .boolFalse): header.isCompressed = false
                    default: try d.skip(fieldType)
                    }
                }
            default: try r.skip(type)
            }
        }
        return header
    }
}
