import Foundation

/// Writes flat Parquet files: required INT64, DOUBLE, timestamp and string columns, data
/// page v1, PLAIN values or (for strings) a dictionary, Snappy or no compression.
///
/// Rows arrive as row groups (`append`), so a file of any size is written in memory bounded
/// by one row group. Each column chunk holds one data page (after its dictionary page).
public final class ParquetWriter {
    /// One column of a row group.
    public enum Column {
        case int64(String, [Int64])
        case double(String, [Double])
        /// Microseconds since 1970-01-01, naive local time (TIMESTAMP(MICROS), not UTC).
        case timestamp(String, [Int64])
        /// UTF-8 text, dictionary-encoded when it has at most 65,536 distinct values.
        case string(String, [String])

        var name: String {
            switch self {
            case .int64(let n, _), .double(let n, _), .timestamp(let n, _), .string(let n, _): n
            }
        }

        var count: Int {
            switch self {
            case .int64(_, let v), .timestamp(_, let v): v.count
            case .double(_, let v): v.count
            case .string(_, let v): v.count
            }
        }

        /// Physical type number, converted type, and the LogicalType writer.
        var physicalType: Int32 {
            switch self {
            case .int64, .timestamp: 2
            case .double: 5
            case .string: 6
            }
        }
    }

    public enum Compression: Int32, Sendable { case none = 0, snappy = 1 }

    private struct ChunkInfo {
        var type: Int32
        var name: String
        var encodings: [Int32]
        var values: Int64
        var uncompressed: Int64
        var compressed: Int64
        var dataOffset: Int64
        var dictionaryOffset: Int64?
    }

    private let file: SectionFile
    private let compression: Compression
    private var position = 0
    private var schema: [Column]?
    private var rowGroups: [(rows: Int64, chunks: [ChunkInfo])] = []

    /// Creates `url` and writes the leading magic.
    public init(url: URL, compression: Compression = .snappy) throws {
        file = try SectionFile(url: url)
        self.compression = compression
        try write(Array("PAR1".utf8))
    }

    private func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try file.write($0, at: position) }
        position += bytes.count
    }

    /// Writes one row group; every call must give the same column names and kinds.
    public func append(_ columns: [Column]) throws {
        let rows = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rows }, "columns differ in length")
        if let schema {
            precondition(
                schema.map(\.name) == columns.map(\.name)
                    && schema.map(\.physicalType) == columns.map(\.physicalType),
                "row groups differ in schema")
        } else {
            schema = columns
        }
        var chunks: [ChunkInfo] = []
        for column in columns { chunks.append(try writeChunk(column, rows: rows)) }
        rowGroups.append((Int64(rows), chunks))
    }

    /// Writes the footer and closes the file.
    public func close() throws {
        var t = ThriftCompactWriter()
        let columns = schema ?? []
        t.i32(1, 1)
        t.structList(2, [nil] + columns.map { Optional($0) }) { w, column in
            guard let column else {
                w.string(4, "schema")
                w.i32(5, Int32(columns.count))
                return
            }
            w.i32(1, column.physicalType)
            w.i32(3, 0)  // REQUIRED
            w.string(4, column.name)
            switch column {
            case .string:
                w.i32(6, 0)  // UTF8
                w.structure(10) { l in l.structure(1) { _ in } }
            case .timestamp:
                w.i32(6, 10)  // TIMESTAMP_MICROS
                w.structure(10) { l in
                    l.structure(8) { ts in
                        ts.bool(1, false)
                        ts.structure(2) { unit in unit.structure(2) { _ in } }
                    }
                }
            default: break
            }
        }
        t.i64(3, rowGroups.reduce(0) { $0 + $1.rows })
        t.structList(4, rowGroups) { w, group in
            w.structList(1, group.chunks) { c, chunk in
                c.i64(2, chunk.dictionaryOffset ?? chunk.dataOffset)
                c.structure(3) { m in
                    m.i32(1, chunk.type)
                    m.i32List(2, chunk.encodings)
                    m.stringList(3, [chunk.name])
                    m.i32(4, compression.rawValue)
                    m.i64(5, chunk.values)
                    m.i64(6, chunk.uncompressed)
                    m.i64(7, chunk.compressed)
                    m.i64(9, chunk.dataOffset)
                    if let dictionary = chunk.dictionaryOffset { m.i64(11, dictionary) }
                }
            }
            w.i64(2, group.chunks.reduce(0) { $0 + $1.uncompressed })
            w.i64(3, group.rows)
        }
        t.string(6, "propensity")
        t.stop()
        try write(t.bytes)
        var length = UInt32(t.bytes.count).littleEndian
        try write(withUnsafeBytes(of: &length) { Array($0) } + Array("PAR1".utf8))
        try file.close(sync: false)
    }

    // MARK: - Pages

    private func writeChunk(_ column: Column, rows: Int) throws -> ChunkInfo {
        var info = ChunkInfo(
            type: column.physicalType, name: column.name, encodings: [0], values: Int64(rows),
            uncompressed: 0, compressed: 0, dataOffset: 0, dictionaryOffset: nil)
        var plain: [UInt8] = []
        switch column {
        case .int64(_, let v), .timestamp(_, let v):
            v.withUnsafeBytes { plain = Array($0) }
        case .double(_, let v):
            v.withUnsafeBytes { plain = Array($0) }
        case .string(_, let v):
            var ids: [String: UInt32] = [:]
            var dictionary: [String] = []
            var indices: [UInt32] = []
            indices.reserveCapacity(v.count)
            for s in v {
                if let id = ids[s] {
                    indices.append(id)
                } else if dictionary.count < 65_536 {
                    ids[s] = UInt32(dictionary.count)
                    indices.append(UInt32(dictionary.count))
                    dictionary.append(s)
                } else {
                    indices = []
                    break
                }
            }
            guard indices.count == v.count else {
                plain = Self.plainStrings(v)
                break
            }
            info.dictionaryOffset = Int64(position)
            let sizes = try writePage(
                Self.plainStrings(dictionary), kind: 2, count: dictionary.count, encoding: 2)
            info.uncompressed += sizes.0
            info.compressed += sizes.1
            info.encodings = [0, 2, 8]
            info.dataOffset = Int64(position)
            let data = Self.bitPacked(indices, distinct: dictionary.count)
            let page = try writePage(data, kind: 0, count: rows, encoding: 8)
            info.uncompressed += page.0
            info.compressed += page.1
            return info
        }
        info.dataOffset = Int64(position)
        let sizes = try writePage(plain, kind: 0, count: rows, encoding: 0)
        info.uncompressed = sizes.0
        info.compressed = sizes.1
        return info
    }

    /// Writes a page header and its (compressed) payload; returns both sizes with header.
    private func writePage(
        _ payload: [UInt8], kind: Int32, count: Int, encoding: Int32
    ) throws -> (Int64, Int64) {
        let body = compression == .snappy
            ? payload.withUnsafeBytes { Snappy.compress($0) } : payload
        var t = ThriftCompactWriter()
        t.i32(1, kind)
        t.i32(2, Int32(payload.count))
        t.i32(3, Int32(body.count))
        if kind == 0 {
            t.structure(5) { h in
                h.i32(1, Int32(count))
                h.i32(2, encoding)
                h.i32(3, 3)  // RLE levels (none present: the columns are required)
                h.i32(4, 3)
            }
        } else {
            t.structure(7) { h in
                h.i32(1, Int32(count))
                h.i32(2, encoding)
            }
        }
        t.stop()
        try write(t.bytes)
        try write(body)
        return (Int64(t.bytes.count + payload.count), Int64(t.bytes.count + body.count))
    }

    static func plainStrings(_ values: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for s in values {
            var length = UInt32(s.utf8.count).littleEndian
            withUnsafeBytes(of: &length) { bytes += $0 }
            bytes += s.utf8
        }
        return bytes
    }

    /// Dictionary indices: a bit width byte, then one bit-packed run (groups of 8, LSB first).
    static func bitPacked(_ indices: [UInt32], distinct: Int) -> [UInt8] {
        let width = max(1, UInt32.bitWidth - UInt32(max(distinct - 1, 0)).leadingZeroBitCount)
        let groups = (indices.count + 7) / 8
        var bytes: [UInt8] = [UInt8(width)]
        var header = UInt64(groups << 1 | 1)
        while header >= 0x80 {
            bytes.append(UInt8(header & 0x7F) | 0x80)
            header >>= 7
        }
        bytes.append(UInt8(header))
        var packed = [UInt8](repeating: 0, count: groups * width)
        var bit = 0
        for index in indices {
            for b in 0..<width where index >> b & 1 == 1 {
                packed[(bit + b) >> 3] |= 1 << UInt8((bit + b) & 7)
            }
            bit += width
        }
        return bytes + packed
    }
}
