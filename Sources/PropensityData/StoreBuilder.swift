import CZlib
import Foundation

/// Builds an event store from transactions that arrive in chunks, in memory bounded by the
/// chunk size.
///
/// A first chunk smaller than the reader's chunk size is held in memory. When it is the only
/// one (the input fits one chunk), it is sorted in place and its columns are written straight
/// into the store. Otherwise every chunk is sorted into a run on disk and the runs are merged
/// into the store's columns at the end. Memory then holds about one chunk (two while a held
/// first chunk is spilled), the distinct users, products and stores, the catalog, and one
/// block per run during the merge. Both paths give the same bytes whatever the chunk size,
/// since the order is total (user, time, basket, product, input row).
final class StoreBuilder {
    /// The catalog's product ids, in catalog order.
    let catalogProducts: [Int64]
    /// Rows of products the catalog lacks (counted on worker threads, hence a box).
    private let unknownRows = Counter()
    /// The catalog's levels, each as a dictionary of its values.
    private let levels: [LevelDictionary]
    /// Product codes: catalog rows first (code == catalog row), then unknown products.
    var products: IDCodes
    var users = IDCodes()
    var stores = IDCodes()
    var metadata: EventStoreMetadata
    private var scratch: URL?
    var runs: [StoreRun] = []
    /// The first chunk, until a second one arrives.
    var held: HeldChunk?
    private var rows: Int64 = 0

    /// A chunk kept in memory with its rows' codes.
    struct HeldChunk {
        var table: TransactionTable
        var user: [Int32]
        var product: [Int32]
        var store: [Int32]
    }

    /// The reader's chunk size: a first chunk this full likely has others after it, so it
    /// goes to a run at once rather than being held beside the next one.
    private let chunkRows: Int

    /// - Throws: `DataError` `.badValue` when the catalog lists a product twice.
    convenience init(
        catalog: Catalog, catalogFile: String?, metadata: EventStoreMetadata,
        chunkRows: Int = .max
    ) throws {
        try self.init(
            index: CatalogIndex(catalog, file: catalogFile), metadata: metadata,
            chunkRows: chunkRows)
    }

    init(index: CatalogIndex, metadata: EventStoreMetadata, chunkRows: Int = .max) {
        self.chunkRows = chunkRows
        self.levels = index.levels
        self.catalogProducts = index.product
        self.products = index.products
        self.metadata = metadata
        self.metadata.returns = 0
        self.metadata.duplicateRows = 0
        self.metadata.unknownProductRows = 0
        self.metadata.firstTime = nil
        self.metadata.lastTime = nil
    }

    deinit {
        runs.removeAll()
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    /// Counts what `t` holds and keeps it (first chunk) or sorts it into a run.
    func add(_ t: TransactionTable) throws {
        guard t.count > 0 else { return }
        let holding = rows == 0 && t.count < chunkRows
        // Users and stores are numbered by independent tables, one thread each, while a third
        // counts returns and finds the time span. Products of a chunk kept in memory are
        // numbered in `finish`, beside the sort; others here on a fourth thread. The tables
        // are moved out (empty ones left behind) so the workers' inserts copy nothing.
        let tables = [users, stores, products].map(ColumnCodes.init)
        (users, stores, products) = (IDCodes(), IDCodes(), IDCodes())
        let columns = [t.user, t.store, t.product]
        let counts = ChunkCounts()
        try Parallel.forEach(holding ? 3 : 4) { k in
            switch k {
            case 2:
                counts.returns = t.quantity.withUnsafeBufferPointer { q in
                    q.reduce(0) { $0 + ($1 > 0 ? 0 : 1) }
                }
                counts.span = t.time.withUnsafeBufferPointer { time in
                    time.reduce((Int64.max, Int64.min)) { (min($0.0, $1), max($0.1, $1)) }
                }
            case 3: tables[2].codes = codeProducts(t, in: &tables[2].table)
            default:
                tables[k].codes = columns[k].withUnsafeBufferPointer {
                    tables[k].table.codes(of: $0)
                }
            }
        }
        (users, stores, products) = (tables[0].table, tables[1].table, tables[2].table)
        metadata.returns += counts.returns
        let (low, high) = counts.span
        metadata.firstTime = min(metadata.firstTime ?? low, low)
        metadata.lastTime = max(metadata.lastTime ?? high, high)

        if holding {
            held = HeldChunk(table: t, user: tables[0].codes, product: [], store: tables[1].codes)
        } else {
            if let first = held {
                _ = codeProducts(first.table, in: &products)
                try spill(first.table, firstRow: 0)
                held = nil
            }
            try spill(t, firstRow: rows)
        }
        rows += Int64(t.count)
    }

    /// Numbers the products of a chunk in `table` (catalog products have their catalog row as
    /// code, new ones follow) and counts the rows of products the catalog lacks.
    private func codeProducts(_ t: TransactionTable, in table: inout IDCodes) -> [Int32] {
        let catalogCount = Int32(catalogProducts.count)
        let codes: [Int32]
        if let dictionary = t.productDictionary, case .int64(let entries) = dictionary.entries,
           dictionary.codes.count == t.count
        {
            // One lookup per distinct product, made when a row first uses it, so new
            // products are numbered in order of first appearance, as row by row. Each row's
            // entry is checked against its product id: a caller may have changed the
            // public columns since loading, and such a row is looked up itself.
            var entryCodes = [Int32](repeating: -1, count: entries.count)
            codes = [Int32](unsafeUninitializedCapacity: t.count) { out, n in
                entryCodes.withUnsafeMutableBufferPointer { known in
                    dictionary.codes.withUnsafeBufferPointer { rows in
                        t.product.withUnsafeBufferPointer { product in
                            for i in 0..<rows.count {
                                let e = Int(rows[i])
                                if entries[e] != product[i] {
                                    out[i] = table.code(product[i])
                                    continue
                                }
                                if known[e] < 0 { known[e] = table.code(product[i]) }
                                out[i] = known[e]
                            }
                        }
                    }
                }
                n = t.count
            }
        } else {
            codes = t.product.withUnsafeBufferPointer { table.codes(of: $0) }
        }
        unknownRows.add(codes.withUnsafeBufferPointer { codes in
            codes.reduce(0) { $0 + ($1 >= catalogCount ? 1 : 0) }
        })
        return codes
    }

    /// Sorts `t` into a run on disk; `firstRow` is its first row's input row number.
    private func spill(_ t: TransactionTable, firstRow: Int64) throws {
        let directory: URL
        if let scratch {
            directory = scratch
        } else {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("propensity-ingest-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true)
            scratch = directory
        }
        let order = StoreOrder.sorted(t)
        var records = [StoreRecord]()
        records.reserveCapacity(t.count)
        for row in order {
            let i = Int(row)
            records.append(StoreRecord(
                user: t.user[i], time: t.time[i], basket: t.basket[i], product: t.product[i],
                store: t.store[i], quantity: t.quantity[i], amount: t.amount[i],
                discount: t.discount[i], sequence: firstRow + Int64(i)))
        }
        runs.append(try StoreRun(writing: records, in: directory, number: runs.count))
    }

    /// Rows the reader rejected, recorded in the metadata.
    var rejectedRows: Int {
        get { metadata.rejectedRows }
        set { metadata.rejectedRows = newValue }
    }

    /// Writes the store at `url` (beside it first, then renamed).
    func finish(to url: URL) throws -> EventStoreMetadata {
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial")
        var made: SectionFile?
        do {
            let file = try write { _ in
                made = try SectionFile(url: partial)
                return made!
            }.file
            try file.close(sync: false)
        } catch {
            made?.abandon()
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

    /// Builds the store in memory, byte for byte the file `finish(to:)` writes except for
    /// the checksums, which are left zero: no file, nothing to guard.
    func finishInMemory(name: String, source: URL) throws -> EventStore {
        // The metadata's length is known last: room to spare (the memory grows if need be).
        let (file, size) = try write { bytes in
            try SectionFile(memoryCapacity: bytes + (64 << 10), name: name)
        }
        return try EventStore(memory: file.takeMemory()!, size: size, source: source)
    }

    /// Lays out and writes every section and the header into the file `makeFile` creates
    /// from the byte count before the metadata section; returns it and the store's length.
    private func write(
        makingFile makeFile: (Int) throws -> SectionFile
    ) throws -> (file: SectionFile, size: Int) {
        let userIDs = users.sortedRanks()
        // A chunk kept in memory: its products are numbered while its rows are put in order.
        var placement: StoreOrder.Placement?
        if var chunk = held {
            let box = ColumnCodes(products)
            products = IDCodes()
            let order = PlacementBox()
            try Parallel.forEach(2) { k in
                if k == 0 {
                    box.codes = codeProducts(chunk.table, in: &box.table)
                } else {
                    order.placement = StoreOrder.placed(
                        chunk.table, userRank: chunk.user.map { userIDs.rank[Int($0)] },
                        userCount: userIDs.sorted.count, destinations: true)
                }
            }
            products = box.table
            chunk.product = box.codes
            chunk.user = []
            held = chunk
            placement = order.placement
        }
        metadata.unknownProductRows = unknownRows.value
        metadata.distinctUnknownProducts = products.count - catalogProducts.count
        let productIDs = products.sortedRanks()
        let storeIDs = stores.sortedRanks()
        let n = Int(rows), u = users.count, p = products.count, c = catalogProducts.count

        // Section sizes in file order; every one but the metadata is known now.
        typealias Kind = EventStoreFormat.Kind
        var plan: [(Kind, Int, Int)] = [
            (.users, 0, 8 * u), (.userStarts, 0, 8 * (u + 1)), (.products, 0, 8 * p),
            (.productCatalogRows, 0, 4 * p), (.stores, 0, 8 * stores.count),
            (.time, 0, 8 * n), (.basket, 0, 8 * n), (.product, 0, 4 * n), (.store, 0, 4 * n),
            (.quantity, 0, 8 * n), (.amount, 0, 8 * n), (.discount, 0, 8 * n),
            (.catalogProduct, 0, 4 * c),
        ]
        for (l, level) in levels.enumerated() {
            plan += [(.catalogLevel, l, 4 * c), (.levelValueOffsets, l, 8 * level.offsets.count),
                     (.levelValueBytes, l, level.bytes.count)]
        }
        let headerLength = EventStoreFormat.headerLength(sectionCount: plan.count + 1)
        var offset = headerLength
        for (_, _, length) in plan { offset = EventStoreFormat.aligned(offset + length) }
        let file = try makeFile(offset)
        try file.mapFile(length: offset)
        offset = headerLength
        var writers: [SectionWriter] = []
        for (kind, level, length) in plan {
            writers.append(SectionWriter(file, kind: kind, level: level, offset: offset))
            offset = EventStoreFormat.aligned(offset + length)
        }
        let metadataWriter = SectionWriter(file, kind: .metadata, level: 0, offset: offset)
        func writer(_ kind: Kind, _ level: Int = 0) -> SectionWriter {
            writers.first { $0.kind == kind && $0.level == level }!
        }
        try writer(.users).write(userIDs.sorted)
        try writer(.products).write(productIDs.sorted)
        var catalogRows = [Int32](repeating: -1, count: p)
        for code in 0..<c { catalogRows[Int(productIDs.rank[code])] = Int32(code) }
        try writer(.productCatalogRows).write(catalogRows)
        try writer(.stores).write(storeIDs.sorted)
        try writer(.catalogProduct).write(Array(productIDs.rank[..<c]))
        for (l, level) in levels.enumerated() {
            try writer(.catalogLevel, l).write(level.rows)
            try writer(.levelValueOffsets, l).write(level.offsets)
            try writer(.levelValueBytes, l).write(level.bytes)
        }
        let events = EventWriters(
            time: writer(.time), basket: writer(.basket), product: writer(.product),
            store: writer(.store), quantity: writer(.quantity), amount: writer(.amount),
            discount: writer(.discount))
        let starts: [Int64]
        if let chunk = held {
            held = nil  // the writer frees each column once it is written
            starts = try writeInMemory(
                chunk, placement: placement!, productRank: productIDs.rank,
                storeRank: storeIDs.rank, to: events)
        } else {
            starts = try merge(productRank: productIDs.rank, storeRank: storeIDs.rank, to: events)
        }
        try writer(.userStarts).write(starts)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try metadataWriter.write(Array(try encoder.encode(metadata)))
        writers.append(metadataWriter)
        for w in writers { try w.finish() }

        // The payload checksum: section checksums combined in file order, with padding.
        var crc = uLong(0)
        for w in writers where file.checksummed {
            crc = crc32_combine(crc, uLong(w.checksum.value), off_t(w.length))
            let padding = w.paddedLength - w.length
            if padding > 0 {
                let zeros = [UInt8](repeating: 0, count: padding)
                crc = crc32_combine(
                    crc, uLong(zeros.withUnsafeBytes { Checksum.of($0) }), off_t(padding))
            }
        }
        let header = EventStoreFormat.header(
            counts: [n, u, p, stores.count, c], levelCount: levels.count,
            sections: writers.map(\.section), payloadChecksum: UInt32(truncatingIfNeeded: crc))
        try header.withUnsafeBytes { try file.write($0, at: 0) }
        return (file, metadataWriter.offset + metadataWriter.paddedLength)
    }

    /// The writers of the seven event columns.
    struct EventWriters {
        let time, basket, product, store, quantity, amount, discount: SectionWriter
    }
}

/// A catalog ready for a store builder: its products numbered (code == catalog row) and its
/// level dictionaries. Ingest builds it on the catalog's own thread, beside the reading of
/// the transactions.
struct CatalogIndex {
    /// The product ids in catalog order.
    let product: [Int64]
    let levels: [LevelDictionary]
    let products: IDCodes

    /// - Throws: `DataError` `.badValue` when the catalog lists a product twice.
    init(_ catalog: Catalog, file: String?) throws {
        try self.init(
            product: catalog.product,
            levels: Parallel.map(catalog.levels.count) { LevelDictionary(catalog.levels[$0]) },
            file: file)
    }

    /// - Parameter levels: one dictionary per level, each with a row per product.
    /// - Throws: `DataError` `.badValue` when the catalog lists a product twice.
    init(product: [Int64], levels: [LevelDictionary], file: String?) throws {
        precondition(levels.allSatisfy { $0.rows.count == product.count }, "levels differ")
        var products = IDCodes(capacity: product.count)
        for (row, product) in product.enumerated() {
            let code = products.code(product)
            if code != Int32(row) {
                throw DataError(
                    .badValue,
                    "the product appears twice in the catalog (first at row \(code + 1)); "
                        + "keep one row per product", file: file, row: row + 1,
                    value: String(product))
            }
        }
        self.product = product
        self.levels = levels
        self.products = products
    }
}

/// A count that a worker thread adds to.
private final class Counter: @unchecked Sendable {
    private(set) var value = 0
    func add(_ n: Int) { value += n }
}

/// What the counting thread of `add` finds in a chunk.
private final class ChunkCounts: @unchecked Sendable {
    var returns = 0
    var span: (Int64, Int64) = (0, 0)
}

/// The held chunk's store order, computed on a worker thread.
private final class PlacementBox: @unchecked Sendable {
    var placement: StoreOrder.Placement?
}

/// An id table and the codes it gave one column, handed to a worker thread.
private final class ColumnCodes: @unchecked Sendable {
    var table: IDCodes
    var codes: [Int32] = []

    init(_ table: IDCodes) { self.table = table }
}

/// A catalog level's dictionary: row ids (-1 null) and values in first-appearance order.
struct LevelDictionary {
    var rows: [Int32] = []
    var offsets: [UInt64] = [0]
    var bytes: [UInt8] = []

    /// From dictionary-encoded values: `entries[e]` is entry `e` (nil for null), `codes` each
    /// row's entry (-1 for null). Gives what `init(_:)` gives for the expanded values, hashing
    /// each entry once instead of every row.
    init(entries: [String?], codes: [Int32]) {
        var ids: [String: Int32] = [:]
        var idOfEntry = [Int32?](repeating: nil, count: entries.count)
        rows.reserveCapacity(codes.count)
        for code in codes {
            guard code >= 0 else {
                rows.append(-1)
                continue
            }
            if let id = idOfEntry[Int(code)] {
                rows.append(id)
                continue
            }
            var id: Int32 = -1
            if let value = entries[Int(code)] {
                if let known = ids[value] {
                    id = known
                } else {
                    id = Int32(ids.count)
                    ids[value] = id
                    bytes.append(contentsOf: value.utf8)
                    offsets.append(UInt64(bytes.count))
                }
            }
            idOfEntry[Int(code)] = id
            rows.append(id)
        }
    }

    init(_ values: [String?]) {
        var ids: [String: Int32] = [:]
        rows.reserveCapacity(values.count)
        for value in values {
            guard let value else {
                rows.append(-1)
                continue
            }
            if let id = ids[value] {
                rows.append(id)
                continue
            }
            let id = Int32(ids.count)
            ids[value] = id
            bytes.append(contentsOf: value.utf8)
            offsets.append(UInt64(bytes.count))
            rows.append(id)
        }
    }
}
