import Foundation

/// A Parquet file opened for reading flat tables column by column.
///
/// The file is memory-mapped once; `column(named:)` decodes only the pages of the columns
/// asked for, into typed arrays (see `ParquetValues`). Supported: data page v1, dictionary
/// pages, PLAIN / PLAIN_DICTIONARY / RLE_DICTIONARY values, RLE definition levels (nulls),
/// UNCOMPRESSED, SNAPPY and GZIP pages, physical types BOOLEAN, INT32, INT64, INT96, FLOAT,
/// DOUBLE and BYTE_ARRAY. Repeated columns, data page v2, other encodings and codecs throw
/// `DataError` with code `.unsupported`.
public final class ParquetFile: Sendable {
    /// Where the file was read from (names it in errors).
    public let url: URL
    /// Rows in the file, over all row groups.
    public let rowCount: Int
    /// The leaf columns in schema order.
    public let columns: [ParquetColumnDescriptor]
    /// The writer, e.g. `parquet-cpp version 1.5.1-SNAPSHOT`.
    public let createdBy: String?
    private let data: Data
    private let rowGroups: [RowGroupMetadata]

    private var fileName: String { url.lastPathComponent }

    /// Opens and memory-maps `url`, and decodes its footer.
    ///
    /// - Throws: `DataError` when the file cannot be read, is not Parquet, or its footer is
    ///   corrupt or uses unsupported features (nested columns are reported when read).
    public convenience init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw DataError(
                .unreadable,
                "cannot read the file (\(error.localizedDescription)); check the path",
                file: url.path)
        }
        try self.init(data: data, url: url)
    }

    /// Reads a Parquet file already in memory; `url` only names it in errors.
    init(data: Data, url: URL) throws {
        self.url = url
        self.data = data
        let name = url.lastPathComponent
        let metadata: FileMetadata
        do {
            metadata = try data.withUnsafeBytes { try Self.readFooter($0) }
        } catch let error as DataError {
            throw error.inFile(name)
        }
        guard metadata.rowCount >= 0,
            metadata.rowGroups.allSatisfy({ $0.rowCount >= 0 }),
            metadata.rowGroups.reduce(0, { $0 &+ $1.rowCount }) == metadata.rowCount
        else {
            throw DataError(
                .malformed, "the row groups' row counts do not add up to the file's", file: name)
        }
        rowCount = Int(metadata.rowCount)
        rowGroups = metadata.rowGroups
        createdBy = metadata.createdBy
        columns = try Self.leafColumns(metadata.schema, file: name)
        for (index, group) in rowGroups.enumerated() where group.columns.count != columns.count {
            throw DataError(
                .malformed,
                "row group \(index) has \(group.columns.count) column chunks, "
                    + "the schema \(columns.count) columns", file: name)
        }
    }

    private static func readFooter(_ bytes: UnsafeRawBufferPointer) throws -> FileMetadata {
        let magic = Array("PAR1".utf8)
        let opens = bytes.count >= 4 && Array(bytes[0..<4]) == magic
        guard !bytes.isEmpty else {
            throw DataError(
                .malformed, "not a Parquet file: the file is empty (0 bytes); write it again")
        }
        guard bytes.count >= 12 else {
            throw DataError(.malformed, opens
                ? "not a Parquet file: only \(bytes.count) bytes, the PAR1 header without "
                    + "columns or footer (an unfinished write?); write it again"
                : "not a Parquet file: only \(bytes.count) bytes, no PAR1 header; check the path")
        }
        guard opens, Array(bytes[(bytes.count - 4)...]) == magic else {
            throw DataError(.malformed, opens
                ? "not a complete Parquet file: it starts with PAR1 but does not end with it "
                    + "(cut short?); write it again"
                : "not a Parquet file (no PAR1 magic at the start); check the path")
        }
        let footerLength = Int(UInt32(littleEndian: bytes.loadUnaligned(
            fromByteOffset: bytes.count - 8, as: UInt32.self)))
        guard footerLength <= bytes.count - 12 else {
            throw DataError(.malformed, "footer length \(footerLength) exceeds the file")
        }
        let footerStart = bytes.count - 8 - footerLength
        var reader = ThriftCompactReader(
            UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 8)]), position: footerStart)
        return try FileMetadata.read(&reader)
    }

    /// Flattens the depth-first schema list into leaf columns with their levels.
    private static func leafColumns(
        _ schema: [SchemaElement], file: String
    ) throws -> [ParquetColumnDescriptor] {
        guard let root = schema.first else {
            throw DataError(.malformed, "the footer has an empty schema", file: file)
        }
        var leaves: [ParquetColumnDescriptor] = []
        var next = 1
        func walk(path: [String], definition: Int, repetition: Int) throws {
            guard next < schema.count else {
                throw DataError(.malformed, "the schema lists fewer nodes than it announces",
                                file: file)
            }
            let node = schema[next]
            next += 1
            let definition = definition + (node.repetition == 0 ? 0 : 1)
            let repetition = repetition + (node.repetition == 2 ? 1 : 0)
            let path = path + [node.name]
            if node.childCount > 0 {
                for _ in 0..<node.childCount {
                    try walk(path: path, definition: definition, repetition: repetition)
                }
                return
            }
            guard let type = node.type else {
                throw DataError(.malformed, "leaf `\(node.name)` has no physical type",
                                file: file)
            }
            leaves.append(ParquetColumnDescriptor(
                name: path.joined(separator: "."), physicalType: type,
                typeLength: node.typeLength.map(Int.init), logicalType: node.logicalType,
                maxDefinitionLevel: definition, maxRepetitionLevel: repetition))
        }
        for _ in 0..<max(0, root.childCount) {
            try walk(path: [], definition: 0, repetition: 0)
        }
        return leaves
    }

    /// The index of the column called `name`: its dotted path, or its leaf name when unique.
    public func columnIndex(named name: String) -> Int? {
        if let exact = columns.firstIndex(where: { $0.name == name }) { return exact }
        let leaves = columns.indices.filter { columns[$0].name.split(separator: ".").last
            .map(String.init) == name }
        return leaves.count == 1 ? leaves[0] : nil
    }

    /// Decodes the column called `name` (all row groups).
    ///
    /// - Returns: `rowCount` values and, when any is null, a validity mask.
    /// - Throws: `DataError` `.missingColumn` (listing the columns there are), `.unsupported`
    ///   or `.malformed`, naming the file and the column.
    public func column(named name: String) throws -> ParquetColumn {
        guard let index = columnIndex(named: name) else {
            let known = columns.map(\.name).joined(separator: ", ")
            throw DataError(
                .missingColumn, "no such column; the file has: \(known)", file: fileName,
                column: name)
        }
        return try column(at: index)
    }

    /// Decodes several columns, in the order asked; each name as in `column(named:)`.
    public func columns(named names: [String]) throws -> [ParquetColumn] {
        try names.map { try column(named: $0) }
    }

    /// Rows of the row groups in `groups`.
    func rowCount(ofRowGroups groups: Range<Int>) -> Int {
        rowGroups[groups].reduce(0) { $0 + Int($1.rowCount) }
    }

    /// Number of row groups.
    public var rowGroupCount: Int { rowGroups.count }

    /// Drops the mapped pages of row groups `groups` from this process once they are read,
    /// so a file read a few row groups at a time is not resident as a whole (a mapped file's
    /// pages count toward the resident size). The bytes stay in the page cache; reading the
    /// groups again maps them back in. Only whole pages inside the groups' byte range are
    /// dropped, so neighbouring groups and the footer are untouched.
    func releasePages(ofRowGroups groups: Range<Int>) {
        var low = Int.max, high = 0
        for group in rowGroups[groups] where group.rowCount > 0 {
            for chunk in group.columns {
                var start = Int(chunk.dataPageOffset)
                if let dictionary = chunk.dictionaryPageOffset, dictionary > 0 {
                    start = min(start, Int(dictionary))
                }
                low = min(low, start)
                high = max(high, start + Int(chunk.totalCompressedSize))
            }
        }
        data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, low < high, low >= 0 else { return }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let address = Int(bitPattern: base)
            let first = (address + low + page - 1) / page * page
            let last = (address + min(high, bytes.count)) / page * page
            guard last > first else { return }
            _ = madvise(UnsafeMutableRawPointer(bitPattern: first), last - first, MADV_DONTNEED)
        }
    }

    /// Decodes the leaf column at `index` in `columns`, over the row groups in `groups` (all
    /// by default), so a large file can be read a few row groups at a time.
    public func column(
        at index: Int, rowGroups groups: Range<Int>? = nil
    ) throws -> ParquetColumn {
        try column(at: index, rowGroups: groups, keepingDictionaryCodes: false)
    }

    /// `column(at:rowGroups:)`; with `keepingDictionaryCodes`, a fixed-width column stored
    /// with one dictionary also comes with its rows' dictionary indices (`dictionary`), so
    /// ids can be numbered per distinct value rather than per row.
    func column(
        at index: Int, rowGroups groups: Range<Int>?, keepingDictionaryCodes keepCodes: Bool
    ) throws -> ParquetColumn {
        let groups = groups ?? rowGroups.indices
        precondition(rowGroups.indices.contains(groups.lowerBound) || groups.isEmpty,
                     "row groups \(groups) outside 0..<\(rowGroups.count)")
        let rowCount = rowCount(ofRowGroups: groups)
        let descriptor = columns[index]
        guard descriptor.maxRepetitionLevel == 0 else {
            throw DataError(
                .unsupported,
                "repeated (list) columns are not supported by this Parquet reader; "
                    + "flatten the table before exporting",
                file: fileName, column: descriptor.name)
        }
        do {
            return try data.withUnsafeBytes { bytes in
                var decoder = ParquetChunkDecoder(file: bytes, descriptor: descriptor)
                switch descriptor.physicalType {
                case .boolean:
                    var builder = BooleanBuilder(capacity: rowCount)
                    let validity = try decodeChunks(index, groups, rowCount, &builder, &decoder)
                    return ParquetColumn(
                        descriptor: descriptor, values: builder.finish(), validity: validity)
                case .byteArray:
                    var builder = ByteArrayBuilder(capacity: rowCount)
                    let validity = try decodeChunks(index, groups, rowCount, &builder, &decoder)
                    return ParquetColumn(
                        descriptor: descriptor, values: builder.finish(), validity: validity)
                case .int32:
                    return try decodeFixedWidth(
                        index, groups, rowCount, Int32Plain.self, keepCodes, &decoder)
                case .int64:
                    return try decodeFixedWidth(
                        index, groups, rowCount, Int64Plain.self, keepCodes, &decoder)
                case .int96:
                    return try decodeFixedWidth(
                        index, groups, rowCount, Int96TimestampPlain.self, keepCodes, &decoder)
                case .float:
                    return try decodeFixedWidth(
                        index, groups, rowCount, FloatPlain.self, keepCodes, &decoder)
                case .double:
                    return try decodeFixedWidth(
                        index, groups, rowCount, DoublePlain.self, keepCodes, &decoder)
                case .fixedLenByteArray:
                    guard let width = descriptor.typeLength, width > 0 else {
                        throw DataError(
                            .malformed, "FIXED_LEN_BYTE_ARRAY column without a positive length")
                    }
                    var builder = ByteArrayBuilder(capacity: rowCount, fixedWidth: width)
                    let validity = try decodeChunks(index, groups, rowCount, &builder, &decoder)
                    return ParquetColumn(
                        descriptor: descriptor, values: builder.finish(), validity: validity)
                }
            }
        } catch let error as DataError {
            throw error.inFile(fileName).inColumn(descriptor.name)
        }
    }

    /// Decodes straight into the final array, skipping a zero fill of `rowCount` values.
    private func decodeFixedWidth<Plain: FixedWidthPlain>(
        _ index: Int, _ groups: Range<Int>, _ rowCount: Int, _ plain: Plain.Type,
        _ keepCodes: Bool, _ decoder: inout ParquetChunkDecoder
    ) throws -> ParquetColumn {
        var validity: [Bool]?
        var dictionary: ColumnDictionary?
        // If decoding throws, the count stays 0 and the array is discarded.
        let values = try [Plain.Value](unsafeUninitializedCapacity: rowCount) { buffer, count in
            var builder = FixedWidthBuilder<Plain>(output: buffer, keepCodes: keepCodes)
            validity = try decodeChunks(index, groups, rowCount, &builder, &decoder)
            count = builder.count
            dictionary = builder.columnDictionary
        }
        return ParquetColumn(
            descriptor: columns[index], values: Plain.wrap(values), validity: validity,
            dictionary: validity == nil ? dictionary : nil)
    }

    /// Feeds the chunks of column `index` in row groups `groups` (`rowCount` rows) to
    /// `builder`.
    ///
    /// - Returns: the validity mask, nil when no value is null.
    private func decodeChunks<Builder: ParquetColumnBuilder>(
        _ index: Int, _ groups: Range<Int>, _ rowCount: Int, _ builder: inout Builder,
        _ decoder: inout ParquetChunkDecoder
    ) throws -> [Bool]? {
        var validity: [Bool]?
        for group in rowGroups[groups] {
            let chunk = group.columns[index]
            guard chunk.valueCount == group.rowCount else {
                throw DataError(
                    .malformed,
                    "chunk has \(chunk.valueCount) values for \(group.rowCount) rows")
            }
            // pyarrow writes a row group of no rows for an empty table, with its chunks at
            // offset 0: there is nothing to read.
            if group.rowCount == 0 { continue }
            try decoder.decode(chunk, into: &builder, validity: &validity)
        }
        guard builder.count == rowCount, validity.map({ $0.count == rowCount }) ?? true else {
            throw DataError(
                .malformed, "row groups hold \(builder.count) rows, the footer says \(rowCount)")
        }
        return validity
    }
}
