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
        transactions t: TransactionTable, catalog: Catalog, metadata: EventStoreMetadata,
        catalogFile: String? = nil, to url: URL
    ) throws -> EventStoreMetadata {
        // Catalog rows by product; a product listed twice is ambiguous.
        var catalogRow = [Int64: Int32](minimumCapacity: catalog.product.count)
        for (row, product) in catalog.product.enumerated() {
            if let first = catalogRow.updateValue(Int32(row), forKey: product) {
                throw DataError(
                    .badValue,
                    "the product appears twice in the catalog (first at row \(first + 1)); "
                        + "keep one row per product", file: catalogFile, row: row + 1,
                    value: String(product))
            }
        }

        let order = StoreOrder.sorted(t)
        let users = StoreOrder.userRuns(t.user, order)
        let products = Array(Set(t.product).union(catalog.product)).sorted()
        let productIndex = Dictionary(
            uniqueKeysWithValues: products.enumerated().map { ($1, Int32($0)) })
        let stores = Array(Set(t.store)).sorted()
        let storeIndex = Dictionary(
            uniqueKeysWithValues: stores.enumerated().map { ($1, Int32($0)) })

        var metadata = metadata
        metadata.returns = t.quantity.count { !($0 > 0) }
        metadata.duplicateRows = StoreOrder.duplicateCount(t, order)
        var unknown = Set<Int64>()
        metadata.unknownProductRows = 0
        for p in t.product where catalogRow[p] == nil {
            metadata.unknownProductRows += 1
            unknown.insert(p)
        }
        metadata.distinctUnknownProducts = unknown.count
        metadata.firstTime = t.time.min()
        metadata.lastTime = t.time.max()

        let levelCount = catalog.levels.count
        let sectionCount = 14 + 3 * levelCount
        let headerLength = EventStoreFormat.headerLength(sectionCount: sectionCount)
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial")
        let out = try StoreFileWriter(url: partial, headerLength: headerLength)
        do {
            try out.section(.users) { try out.write(users.ids) }
            try out.section(.userStarts) { try out.write(users.starts) }
            try out.section(.products) { try out.write(products) }
            try out.section(.productCatalogRows) {
                try out.write(products.map { catalogRow[$0] ?? -1 })
            }
            try out.section(.stores) { try out.write(stores) }
            try out.section(.time) { try gathered(t.time, order, out) { $0 } }
            try out.section(.basket) { try gathered(t.basket, order, out) { $0 } }
            try out.section(.product) { try gathered(t.product, order, out) { productIndex[$0]! } }
            try out.section(.store) { try gathered(t.store, order, out) { storeIndex[$0]! } }
            try out.section(.quantity) { try gathered(t.quantity, order, out) { $0 } }
            try out.section(.amount) { try gathered(t.amount, order, out) { $0 } }
            try out.section(.discount) { try gathered(t.discount, order, out) { $0 } }
            try out.section(.catalogProduct) {
                try out.write(catalog.product.map { productIndex[$0]! })
            }
            for level in 0..<levelCount {
                try writeLevel(catalog.levels[level], level: level, to: out)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = try encoder.encode(metadata)
            try out.section(.metadata) { try out.write(Array(json)) }
            let header = EventStoreFormat.header(
                counts: [t.count, users.ids.count, products.count, stores.count,
                         catalog.product.count],
                levelCount: levelCount, sections: out.sections, payloadChecksum: out.checksum.value)
            try out.finish(header: header)
        } catch {
            out.abandon()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        guard rename(partial.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw DataError(
                .unreadable, "cannot move the finished store into place (errno \(errno))",
                file: url.path)
        }
        return metadata
    }

    /// Writes `column[order[k]]` mapped through `transform`, in chunks.
    private static func gathered<T, U>(
        _ column: [T], _ order: [Int32], _ out: StoreFileWriter, _ transform: (T) -> U
    ) throws {
        let step = 1 << 16
        var chunk: [U] = []
        chunk.reserveCapacity(step)
        try column.withUnsafeBufferPointer { source in
            var k = 0
            while k < order.count {
                let end = min(k + step, order.count)
                chunk.removeAll(keepingCapacity: true)
                for j in k..<end { chunk.append(transform(source[Int(order[j])])) }
                try out.write(chunk)
                k = end
            }
        }
    }

    /// A level's row ids (-1 for null) and its dictionary, values in first-appearance order.
    private static func writeLevel(
        _ values: [String?], level: Int, to out: StoreFileWriter
    ) throws {
        var ids: [String: Int32] = [:]
        var dictionary: [String] = []
        let rows: [Int32] = values.map { value in
            guard let value else { return -1 }
            if let id = ids[value] { return id }
            let id = Int32(dictionary.count)
            ids[value] = id
            dictionary.append(value)
            return id
        }
        var offsets: [UInt64] = [0]
        var bytes: [UInt8] = []
        for value in dictionary {
            bytes.append(contentsOf: value.utf8)
            offsets.append(UInt64(bytes.count))
        }
        try out.section(.catalogLevel, level: level) { try out.write(rows) }
        try out.section(.levelValueOffsets, level: level) { try out.write(offsets) }
        try out.section(.levelValueBytes, level: level) { try out.write(bytes) }
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
