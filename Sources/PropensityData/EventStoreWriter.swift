import Foundation

/// Writes an event store (`.store`) from a transaction table and its catalog.
///
/// The output depends only on the rows and the catalog, never on timing or hashing order, so
/// the same input always gives the same bytes. See `EventStoreFormat` for the layout.
public enum EventStoreWriter {
    /// Sorts `transactions`, encodes them with `catalog` and writes the store to `url`.
    ///
    /// The file appears at `url` only when complete (it is written beside it and renamed).
    ///
    /// - Parameters:
    ///   - metadata: sources, level names and counts known to the caller (rejected rows,
    ///     derived baskets); the counts found here (returns, duplicates, unknown products,
    ///     time span) are filled in.
    ///   - catalogFile: the catalog's file name, for errors.
    /// - Returns: the metadata as stored.
    /// - Throws: `DataError` `.badValue` when the catalog lists a product twice, or
    ///   `.unreadable` when the file cannot be written.
    @discardableResult
    public static func write(
        transactions: TransactionTable, catalog: Catalog, metadata: EventStoreMetadata,
        catalogFile: String? = nil, to url: URL
    ) throws -> EventStoreMetadata {
        let builder = try StoreBuilder(
            catalog: catalog, catalogFile: catalogFile, metadata: metadata)
        try builder.add(transactions)
        return try builder.finish(to: url)
    }
}

extension EventStoreFormat {
    /// The header bytes for a finished payload (see the layout in the type's comment).
    static func header(
        counts: [Int], levelCount: Int, sections: [Section], payloadChecksum: UInt32
    ) -> [UInt8] {
        var bytes = magic
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        append(version)
        append(UInt32(headerLength(sectionCount: sections.count)))
        for count in counts { append(UInt64(count)) }
        append(UInt32(levelCount))
        append(UInt32(sections.count))
        append(payloadChecksum)
        append(UInt32(0))
        for section in sections {
            append(section.kind.rawValue)
            append(section.level)
            append(section.offset)
            append(section.length)
        }
        let crc = bytes.withUnsafeBytes { Checksum.of($0) }
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange(68..<72, with: $0) }
        return bytes
    }
}
