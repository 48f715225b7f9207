import CZlib
import Foundation

/// Builds an event store from transactions that arrive in chunks, in memory bounded by the
/// chunk size: each chunk is sorted into a run on disk, then the runs are merged straight
/// into the store's columns.
///
/// Memory holds one chunk, the distinct users, products and stores, the catalog, and one
/// block per run during the merge. The output is the same whatever the chunk size, since the
/// order is total (user, time, basket, product, input row).
final class StoreBuilder {
    private let catalog: Catalog
    private let catalogRow: [Int64: Int32]
    private var metadata: EventStoreMetadata
    private let scratch: URL
    private var runs: [StoreRun] = []
    private var rows: Int64 = 0
    private var users = Set<Int64>()
    private var stores = Set<Int64>()
    private var productsSeen = Set<Int64>()
    private var unknownProducts = Set<Int64>()

    /// - Throws: `DataError` `.badValue` when the catalog lists a product twice.
    init(catalog: Catalog, catalogFile: String?, metadata: EventStoreMetadata) throws {
        var rows = [Int64: Int32](minimumCapacity: catalog.product.count)
        for (row, product) in catalog.product.enumerated() {
            if let first = rows.updateValue(Int32(row), forKey: product) {
                throw DataError(
                    .badValue,
                    "the product appears twice in the catalog (first at row \(first + 1)); "
                        + "keep one row per product", file: catalogFile, row: row + 1,
                    value: String(product))
            }
        }
        self.catalog = catalog
        catalogRow = rows
        self.metadata = metadata
        self.metadata.returns = 0
        self.metadata.duplicateRows = 0
        self.metadata.unknownProductRows = 0
        self.metadata.firstTime = nil
        self.metadata.lastTime = nil
        scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("propensity-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    deinit {
        runs.removeAll()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Sorts `t` into a run and counts what it holds.
    func add(_ t: TransactionTable) throws {
        guard t.count > 0 else { return }
        // Bucketing by user then sorting each user's rows beats sorting 72-byte records.
        let order = StoreOrder.sorted(t)
        var records = [StoreRecord]()
        records.reserveCapacity(t.count)
        for row in order {
            let i = Int(row)
            records.append(StoreRecord(
                user: t.user[i], time: t.time[i], basket: t.basket[i], product: t.product[i],
                store: t.store[i], quantity: t.quantity[i], amount: t.amount[i],
                discount: t.discount[i], sequence: rows + Int64(i)))
        }
        for i in 0..<t.count {
            if !(t.quantity[i] > 0) { metadata.returns += 1 }
            if catalogRow[t.product[i]] == nil {
                metadata.unknownProductRows += 1
                unknownProducts.insert(t.product[i])
            }
        }
        users.formUnion(t.user)
        stores.formUnion(t.store)
        productsSeen.formUnion(t.product)
        if let low = t.time.min() { metadata.firstTime = min(metadata.firstTime ?? low, low) }
        if let high = t.time.max() { metadata.lastTime = max(metadata.lastTime ?? high, high) }
        rows += Int64(t.count)
        runs.append(try StoreRun(writing: records, in: scratch, number: runs.count))
    }

    /// Rows the reader rejected, recorded in the metadata.
    var rejectedRows: Int {
        get { metadata.rejectedRows }
        set { metadata.rejectedRows = newValue }
    }

    /// Merges the runs into the store at `url` (written beside it, then renamed).
    func finish(to url: URL) throws -> EventStoreMetadata {
        metadata.distinctUnknownProducts = unknownProducts.count
        let userIDs = users.sorted()
        let products = productsSeen.union(catalog.product).sorted()
        let storeIDs = stores.sorted()
        let levels = catalog.levels.map(LevelDictionary.init)
        let n = Int(rows), u = userIDs.count, p = products.count, c = catalog.product.count

        // Section sizes in file order; every one but the metadata is known now.
        typealias Kind = EventStoreFormat.Kind
        var plan: [(Kind, Int, Int)] = [
            (.users, 0, 8 * u), (.userStarts, 0, 8 * (u + 1)), (.products, 0, 8 * p),
            (.productCatalogRows, 0, 4 * p), (.stores, 0, 8 * storeIDs.count),
            (.time, 0, 8 * n), (.basket, 0, 8 * n), (.product, 0, 4 * n), (.store, 0, 4 * n),
            (.quantity, 0, 8 * n), (.amount, 0, 8 * n), (.discount, 0, 8 * n),
            (.catalogProduct, 0, 4 * c),
        ]
        for (l, level) in levels.enumerated() {
            plan += [(.catalogLevel, l, 4 * c), (.levelValueOffsets, l, 8 * level.offsets.count),
                     (.levelValueBytes, l, level.bytes.count)]
        }
        let headerLength = EventStoreFormat.headerLength(sectionCount: plan.count + 1)
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial")
        let file = try SectionFile(url: partial)
        do {
            var offset = headerLength
            var writers: [SectionWriter] = []
            for (kind, level, length) in plan {
                writers.append(SectionWriter(file, kind: kind, level: level, offset: offset))
                offset = EventStoreFormat.aligned(offset + length)
            }
            let metadataWriter = SectionWriter(file, kind: .metadata, level: 0, offset: offset)
            func writer(_ kind: Kind, _ level: Int = 0) -> SectionWriter {
                writers.first { $0.kind == kind && $0.level == level }!
            }
            try writer(.users).write(userIDs)
            try writer(.products).write(products)
            try writer(.productCatalogRows).write(products.map { catalogRow[$0] ?? -1 })
            try writer(.stores).write(storeIDs)
            let productIndex = Dictionary(
                uniqueKeysWithValues: products.enumerated().map { ($1, Int32($0)) })
            try writer(.catalogProduct).write(catalog.product.map { productIndex[$0]! })
            for (l, level) in levels.enumerated() {
                try writer(.catalogLevel, l).write(level.rows)
                try writer(.levelValueOffsets, l).write(level.offsets)
                try writer(.levelValueBytes, l).write(level.bytes)
            }
            let starts = try merge(
                productIndex: productIndex,
                storeIndex: Dictionary(
                    uniqueKeysWithValues: storeIDs.enumerated().map { ($1, Int32($0)) }),
                time: writer(.time), basket: writer(.basket), product: writer(.product),
                store: writer(.store), quantity: writer(.quantity), amount: writer(.amount),
                discount: writer(.discount))
            try writer(.userStarts).write(starts)

            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try metadataWriter.write(Array(try encoder.encode(metadata)))
            writers.append(metadataWriter)
            for w in writers { try w.finish() }

            // The payload checksum: section checksums combined in file order, with padding.
            var crc = uLong(0)
            for w in writers {
                crc = crc32_combine(crc, uLong(w.checksum.value), off_t(w.length))
                let padding = w.paddedLength - w.length
                if padding > 0 {
                    let zeros = [UInt8](repeating: 0, count: padding)
                    crc = crc32_combine(
                        crc, uLong(zeros.withUnsafeBytes { Checksum.of($0) }), off_t(padding))
                }
            }
            let header = EventStoreFormat.header(
                counts: [n, u, p, storeIDs.count, c], levelCount: levels.count,
                sections: writers.map(\.section), payloadChecksum: UInt32(truncatingIfNeeded: crc))
            try header.withUnsafeBytes { try file.write($0, at: 0) }
            try file.close(sync: false)
        } catch {
            file.abandon()
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

    /// K-way merge of the runs into the event columns; returns the user starts.
    private func merge(
        productIndex: [Int64: Int32], storeIndex: [Int64: Int32], time: SectionWriter,
        basket: SectionWriter, product: SectionWriter, store: SectionWriter,
        quantity: SectionWriter, amount: SectionWriter, discount: SectionWriter
    ) throws -> [Int64] {
        for run in runs { try run.advance() }
        // A binary heap of run indices by their current record.
        var heap = runs.indices.filter { runs[$0].current != nil }
        func less(_ a: Int, _ b: Int) -> Bool {
            StoreRecord.precedes(runs[a].current!, runs[b].current!)
        }
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && less(heap[l], heap[m]) { m = l }
                if r < heap.count && less(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }

        let block = 1 << 14
        var times = [Int64](), baskets = [Int64](), productIDs = [Int32](), storeIDs = [Int32]()
        var quantities = [Double](), amounts = [Double](), discounts = [Double]()
        func flush() throws {
            try time.write(times); try basket.write(baskets); try product.write(productIDs)
            try store.write(storeIDs); try quantity.write(quantities)
            try amount.write(amounts); try discount.write(discounts)
            times.removeAll(keepingCapacity: true); baskets.removeAll(keepingCapacity: true)
            productIDs.removeAll(keepingCapacity: true); storeIDs.removeAll(keepingCapacity: true)
            quantities.removeAll(keepingCapacity: true); amounts.removeAll(keepingCapacity: true)
            discounts.removeAll(keepingCapacity: true)
        }
        var starts: [Int64] = []
        var group: [StoreRecord] = []  // the records sharing the current key
        var k: Int64 = 0
        var lastUser: Int64?
        while let top = heap.first {
            let record = runs[top].current!
            try runs[top].advance()
            if runs[top].current == nil {
                heap.swapAt(0, heap.count - 1)
                heap.removeLast()
            }
            siftDown(0)

            if record.user != lastUser {
                starts.append(k)
                lastUser = record.user
            }
            if let first = group.first, first.user == record.user, first.time == record.time,
               first.basket == record.basket, first.product == record.product
            {
                if group.contains(where: { $0.isDuplicate(of: record) }) {
                    metadata.duplicateRows += 1
                }
                group.append(record)
            } else {
                group.removeAll(keepingCapacity: true)
                group.append(record)
            }
            times.append(record.time)
            baskets.append(record.basket)
            productIDs.append(productIndex[record.product]!)
            storeIDs.append(storeIndex[record.store]!)
            quantities.append(record.quantity)
            amounts.append(record.amount)
            discounts.append(record.discount)
            if times.count == block { try flush() }
            k += 1
        }
        try flush()
        starts.append(k)
        return starts
    }
}

/// A catalog level's dictionary: row ids (-1 null) and values in first-appearance order.
struct LevelDictionary {
    var rows: [Int32] = []
    var offsets: [UInt64] = [0]
    var bytes: [UInt8] = []

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
