/// Walks the pages of one column chunk and feeds their values to a column builder.
///
/// Supports data pages v1 and v2 and dictionary pages; PLAIN, PLAIN_DICTIONARY,
/// RLE_DICTIONARY, RLE (booleans), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
/// DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT values; RLE definition levels; UNCOMPRESSED, SNAPPY,
/// GZIP and ZSTD pages. Anything else throws `DataError.unsupported` naming the feature.
struct ParquetChunkDecoder {
    let file: UnsafeRawBufferPointer
    let descriptor: ParquetColumnDescriptor
    /// Scratch reused across pages so a chunk allocates only when a page grows.
    private var pageBuffer: [UInt8] = []
    private var levels: [UInt32] = []
    private var indices: [UInt32] = []

    init(file: UnsafeRawBufferPointer, descriptor: ParquetColumnDescriptor) {
        self.file = file
        self.descriptor = descriptor
    }

    private func unsupported(_ feature: String) -> DataError {
        DataError(
            .unsupported,
            "\(feature) is not supported by this Parquet reader; rewrite the file with "
                + "PLAIN or dictionary encoding and SNAPPY, GZIP, ZSTD or no compression")
    }

    /// Decodes all pages of `chunk`, appending its values to `builder`.
    ///
    /// - Parameter validity: set to a mask on the first null; nil while all values are present.
    mutating func decode<Builder: ParquetColumnBuilder>(
        _ chunk: ColumnChunkMetadata, into builder: inout Builder, validity: inout [Bool]?
    ) throws {
        guard chunk.filePath == nil || chunk.filePath == "" else {
            throw unsupported("a column chunk stored in another file (\(chunk.filePath!))")
        }
        guard [ParquetCodec.uncompressed, ParquetCodec.snappy, ParquetCodec.gzip,
               ParquetCodec.zstd].contains(chunk.codec)
        else { throw unsupported("compression codec \(ParquetCodec.name(chunk.codec))") }
        guard descriptor.maxRepetitionLevel == 0 else {
            throw unsupported("a repeated (list or nested) column")
        }

        var position = Int(chunk.dataPageOffset)
        if let dictionaryOffset = chunk.dictionaryPageOffset, dictionaryOffset > 0,
            dictionaryOffset < chunk.dataPageOffset
        {
            position = Int(dictionaryOffset)
        }
        guard position >= 4, position <= file.count, chunk.totalCompressedSize >= 0,
            chunk.totalCompressedSize <= file.count - position
        else {
            throw DataError(
                .malformed,
                "column chunk at byte \(position) (\(chunk.totalCompressedSize) bytes) lies "
                    + "outside the file")
        }
        let end = position + Int(chunk.totalCompressedSize)
        let firstRow = builder.count
        let rowsWanted = Int(chunk.valueCount)
        while builder.count - firstRow < rowsWanted {
            guard position < end else {
                throw DataError(
                    .malformed,
                    "column chunk ends after \(builder.count - firstRow) of \(rowsWanted) values")
            }
            var reader = ThriftCompactReader(
                UnsafeRawBufferPointer(rebasing: file[..<end]), position: position)
            let header = try PageHeader.read(&reader)
            let payloadStart = reader.position
            let payloadEnd = payloadStart + Int(header.compressedSize)
            guard header.compressedSize >= 0, header.uncompressedSize >= 0, payloadEnd <= end
            else { throw DataError(.malformed, "page at byte \(position) overruns its chunk") }
            position = payloadEnd
            let rowsLeft = rowsWanted - (builder.count - firstRow)
            guard header.valueCount >= 0, header.kind != 0 || Int(header.valueCount) <= rowsLeft
            else {
                throw DataError(
                    .malformed,
                    "page at byte \(payloadStart) holds \(header.valueCount) values, more than "
                        + "its column chunk has left")
            }
            let payload = UnsafeRawBufferPointer(rebasing: file[payloadStart..<payloadEnd])

            switch header.kind {
            case 0:
                try withPage(payload, header: header, codec: chunk.codec) { page, decoder in
                    try decoder.decodeDataPage(
                        page, header: header, into: &builder, validity: &validity)
                }
            case 3:
                try decodeDataPageV2(
                    payload, header: header, codec: chunk.codec, into: &builder,
                    validity: &validity)
            case 2:
                guard header.encoding == ParquetEncoding.plain
                    || header.encoding == ParquetEncoding.plainDictionary
                else {
                    throw unsupported(
                        "dictionary page encoding \(ParquetEncoding.name(header.encoding))")
                }
                try withPage(payload, header: header, codec: chunk.codec) { page, _ in
                    try builder.setDictionary(plain: page, count: Int(header.valueCount))
                }
            default:
                continue  // Index pages carry nothing a reader needs.
            }
        }
        guard builder.count - firstRow == rowsWanted else {
            throw DataError(
                .malformed,
                "column chunk holds \(builder.count - firstRow) values, "
                    + "the metadata says \(rowsWanted)")
        }
    }

    /// A v2 data page: levels first (never compressed, no length prefix), then the values,
    /// compressed unless the header says otherwise.
    private mutating func decodeDataPageV2<Builder: ParquetColumnBuilder>(
        _ payload: UnsafeRawBufferPointer, header: PageHeader, codec: Int32,
        into builder: inout Builder, validity: inout [Bool]?
    ) throws {
        let levelsLength = Int(header.definitionLevelsLength) + Int(header.repetitionLevelsLength)
        guard header.definitionLevelsLength >= 0, header.repetitionLevelsLength == 0,
              levelsLength <= payload.count, levelsLength <= Int(header.uncompressedSize)
        else { throw DataError(.malformed, "data page v2 levels overrun their page") }
        let levels = UnsafeRawBufferPointer(rebasing: payload[..<levelsLength])
        let compressed = UnsafeRawBufferPointer(rebasing: payload[levelsLength...])
        let size = Int(header.uncompressedSize) - levelsLength
        let hasLevels = descriptor.maxDefinitionLevel > 0
        try withPage(
            compressed, size: size, codec: header.isCompressed ? codec : ParquetCodec.uncompressed
        ) { values, decoder in
            try decoder.decodeLevelsAndValues(
                levels: hasLevels ? levels : nil, values: values,
                header: header, into: &builder, validity: &validity)
        }
    }

    /// Calls `body` with the page's decompressed bytes.
    private mutating func withPage(
        _ payload: UnsafeRawBufferPointer, header: PageHeader, codec: Int32,
        _ body: (UnsafeRawBufferPointer, inout ParquetChunkDecoder) throws -> Void
    ) throws {
        try withPage(payload, size: Int(header.uncompressedSize), codec: codec, body)
    }

    private mutating func withPage(
        _ payload: UnsafeRawBufferPointer, size: Int, codec: Int32,
        _ body: (UnsafeRawBufferPointer, inout ParquetChunkDecoder) throws -> Void
    ) throws {
        switch codec {
        case ParquetCodec.uncompressed:
            guard payload.count == size else {
                throw DataError(
                    .malformed, "uncompressed page has \(payload.count) bytes, header \(size)")
            }
            try body(payload, &self)
        case ParquetCodec.snappy:
            // Check the block's own size before allocating what a corrupt header may claim.
            guard size == 0 || Snappy.uncompressedLength(payload) == size else {
                throw DataError(
                    .malformed, "Snappy page does not announce the header's \(size) bytes")
            }
            if pageBuffer.count < size { pageBuffer = [UInt8](repeating: 0, count: size) }
            var buffer = pageBuffer
            pageBuffer = []  // Keep one reference so the buffer is mutated in place.
            defer { pageBuffer = buffer }
            try buffer.withUnsafeMutableBytes { raw in
                let target = UnsafeMutableRawBufferPointer(rebasing: raw[..<size])
                try Snappy.uncompress(payload, into: target)
                try body(UnsafeRawBufferPointer(target), &self)
            }
        case ParquetCodec.zstd:
            // zstd expands at most about 32768 times (a block of runs); more is corrupt.
            guard size <= payload.count * 32768 + 1024 else {
                throw DataError(
                    .malformed, "zstd page of \(payload.count) bytes cannot hold \(size) bytes")
            }
            let page = try Zstd.decompress(payload, size: size)
            try page.withUnsafeBytes { try body($0, &self) }
        default:
            // Deflate expands at most about 1032 times; more means a corrupt header.
            guard size <= payload.count * 1032 + 1024 else {
                throw DataError(
                    .malformed, "gzip page of \(payload.count) bytes cannot hold \(size) bytes")
            }
            let page = try GzipInflater.inflateAll(payload, expected: size)
            try page.withUnsafeBytes { try body($0, &self) }
        }
    }

    /// Decodes a v1 data page: repetition levels (none here), definition levels with a 4-byte
    /// length prefix, values.
    private mutating func decodeDataPage<Builder: ParquetColumnBuilder>(
        _ page: UnsafeRawBufferPointer, header: PageHeader, into builder: inout Builder,
        validity: inout [Bool]?
    ) throws {
        guard descriptor.maxDefinitionLevel > 0 else {
            try decodeLevelsAndValues(
                levels: nil, values: page, header: header, into: &builder, validity: &validity)
            return
        }
        guard header.definitionLevelEncoding == ParquetEncoding.rle else {
            let encoding = ParquetEncoding.name(header.definitionLevelEncoding)
            throw unsupported("definition level encoding \(encoding)")
        }
        guard page.count >= 4 else { throw DataError(.malformed, "data page too short") }
        let length = Int(UInt32(littleEndian: page.loadUnaligned(as: UInt32.self)))
        guard length <= page.count - 4 else {
            throw DataError(.malformed, "definition levels overrun their page")
        }
        try decodeLevelsAndValues(
            levels: UnsafeRawBufferPointer(rebasing: page[4..<(4 + length)]),
            values: UnsafeRawBufferPointer(rebasing: page[(4 + length)...]), header: header,
            into: &builder, validity: &validity)
    }

    /// RLE definition levels (nil for a required column), then the non-null values.
    private mutating func decodeLevelsAndValues<Builder: ParquetColumnBuilder>(
        levels levelBytes: UnsafeRawBufferPointer?, values: UnsafeRawBufferPointer,
        header: PageHeader, into builder: inout Builder, validity: inout [Bool]?
    ) throws {
        let rows = Int(header.valueCount)
        guard rows >= 0 else { throw DataError(.malformed, "data page with \(rows) values") }
        var present = rows
        let maxLevel = UInt32(descriptor.maxDefinitionLevel)
        if let levelBytes {
            let bitWidth = Int.bitWidth - Int(maxLevel).leadingZeroBitCount
            var decoder = try RLEHybridDecoder(levelBytes, bitWidth: bitWidth)
            // A page without nulls (most) is one RLE run of the top level: nothing to expand.
            if !decoder.allEqual(maxLevel, count: rows) {
                if levels.count < rows { levels = [UInt32](repeating: 0, count: rows) }
                try levels.withUnsafeMutableBufferPointer { buffer in
                    try decoder.decode(into: buffer.baseAddress!, count: rows)
                    present = buffer[..<rows].count { $0 == maxLevel }
                }
            }
        }

        try appendValues(values, encoding: header.encoding, count: present, into: &builder)

        guard present < rows else {
            validity?.append(contentsOf: repeatElement(true, count: rows))
            return
        }
        let firstRow = builder.count - present
        levels.withUnsafeBufferPointer { buffer in
            let pageLevels = UnsafeBufferPointer(rebasing: buffer[..<rows])
            builder.spread(present: present, levels: pageLevels, maxLevel: maxLevel)
            if validity == nil { validity = [Bool](repeating: true, count: firstRow) }
            validity!.append(contentsOf: pageLevels.lazy.map { $0 == maxLevel })
        }
    }

    /// Appends `count` values in `encoding`; the delta and split encodings are turned into
    /// PLAIN layout (or integers) first.
    private mutating func appendValues<Builder: ParquetColumnBuilder>(
        _ values: UnsafeRawBufferPointer, encoding: Int32, count present: Int,
        into builder: inout Builder
    ) throws {
        switch encoding {
        case ParquetEncoding.plain:
            try builder.appendPlain(values, count: present)
        case ParquetEncoding.plainDictionary, ParquetEncoding.rleDictionary:
            try appendDictionaryIndices(values, count: present, into: &builder)
        case ParquetEncoding.rle:
            try builder.appendRLE(values, count: present)
        case ParquetEncoding.deltaBinaryPacked:
            guard present > 0 else { return }
            let (integers, _) = try DeltaBinaryPackedDecoder.decode(values)
            guard integers.count == present else {
                throw DataError(
                    .malformed,
                    "DELTA_BINARY_PACKED page holds \(integers.count) of \(present) values")
            }
            try builder.appendIntegers(integers)
        case ParquetEncoding.deltaLengthByteArray, ParquetEncoding.deltaByteArray:
            guard descriptor.physicalType == .byteArray else {
                throw unsupported("\(ParquetEncoding.name(encoding)) on a non-BYTE_ARRAY column")
            }
            guard present > 0 else { return }
            let plain = encoding == ParquetEncoding.deltaByteArray
                ? try DeltaByteArrays.prefixEncoded(values, count: present)
                : try DeltaByteArrays.lengthEncoded(values, count: present).plain
            try plain.withUnsafeBytes { try builder.appendPlain($0, count: present) }
        case ParquetEncoding.byteStreamSplit:
            let width: Int
            switch descriptor.physicalType {
            case .int32, .float: width = 4
            case .int64, .double: width = 8
            case .fixedLenByteArray: width = descriptor.typeLength ?? 0
            default: throw unsupported("BYTE_STREAM_SPLIT on a \(descriptor.physicalType) column")
            }
            let plain = try DeltaByteArrays.unsplit(values, count: present, width: width)
            try plain.withUnsafeBytes { try builder.appendPlain($0, count: present) }
        default:
            throw unsupported("value encoding \(ParquetEncoding.name(encoding))")
        }
    }

    /// Dictionary-encoded values: one byte of bit width, then the RLE/bit-packed indices.
    private mutating func appendDictionaryIndices<Builder: ParquetColumnBuilder>(
        _ values: UnsafeRawBufferPointer, count: Int, into builder: inout Builder
    ) throws {
        guard count > 0 else { return }
        guard builder.dictionaryCount > 0 else {
            throw DataError(.malformed, "dictionary-encoded page without a dictionary page")
        }
        guard let bitWidth = values.first else {
            throw DataError(.malformed, "dictionary-encoded page without values")
        }
        var decoder = try RLEHybridDecoder(
            UnsafeRawBufferPointer(rebasing: values[1...]), bitWidth: Int(bitWidth))
        if indices.count < count { indices = [UInt32](repeating: 0, count: count) }
        let limit = UInt32(builder.dictionaryCount)
        try indices.withUnsafeMutableBufferPointer { buffer in
            try decoder.decode(into: buffer.baseAddress!, count: count)
            let used = UnsafeBufferPointer(rebasing: buffer[..<count])
            if let bad = used.first(where: { $0 >= limit }) {
                throw DataError(
                    .malformed, "dictionary index \(bad) beyond the dictionary's \(limit) entries")
            }
            builder.appendDictionary(used)
        }
    }
}
