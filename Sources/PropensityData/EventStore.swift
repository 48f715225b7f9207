import Foundation

/// An event store opened by memory mapping: sorted events with dictionary-encoded products,
/// stores and categories, ready for every later step without parsing.
///
/// Columns are views into the mapped file, valid as long as the store is alive. `N` is the
/// number of events, `U` users, `P` products, `S` stores, `C` catalog rows. Written by
/// `EventStoreWriter` (or `propensity ingest`); the layout is in `EventStoreFormat`.
public final class EventStore: @unchecked Sendable {
    /// The file this store was opened from (for a store built in memory, the transactions).
    public let url: URL
    /// `N`, `U`, `P`, `S`, `C` and the number of catalog levels.
    public let eventCount: Int
    public let userCount: Int
    public let productCount: Int
    public let storeCount: Int
    public let catalogRowCount: Int
    public let levelCount: Int
    /// Sources, level names and the counts ingest found.
    public let metadata: EventStoreMetadata

    private let base: UnsafeMutableRawPointer
    private let size: Int
    /// Whether `base` is a mapping (unmapped with the store) or `malloc`ed (freed).
    private let mapped: Bool
    private let sections: [EventStoreFormat.Section]

    /// Maps `url` and checks its header, its section table and, with `verify`, the checksum
    /// of every byte and the range of every index.
    ///
    /// - Parameter verify: false skips reading the whole file (opening is then immediate).
    /// - Throws: `DataError` `.unreadable` when the file cannot be opened, `.unsupported` for
    ///   a newer format version, `.malformed` for anything inconsistent or a checksum mismatch.
    public convenience init(contentsOf url: URL, verify: Bool = true) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else {
            throw DataError(
                .unreadable, "cannot open the store (errno \(errno)); check the path",
                file: url.path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw DataError(.unreadable, "cannot stat the store (errno \(errno))", file: url.path)
        }
        let size = Int(info.st_size)
        guard size >= EventStoreFormat.fixedHeaderLength else {
            throw DataError(
                .malformed, "too short for an event store header", file: url.lastPathComponent)
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0),
              mapped != MAP_FAILED
        else {
            throw DataError(.unreadable, "cannot map the store (errno \(errno))", file: url.path)
        }
        try self.init(base: mapped, mapped: true, size: size, url: url, verify: verify)
    }

    /// A store built in memory by `Ingest.inMemory` (`malloc`ed, owned from here on);
    /// `source` names the transactions.
    convenience init(memory: UnsafeMutableRawPointer, size: Int, source: URL) throws {
        try self.init(base: memory, mapped: false, size: size, url: source, verify: false)
    }

    /// Takes ownership of `base` (released on failure too) and reads its header.
    private init(
        base: UnsafeMutableRawPointer, mapped: Bool, size: Int, url: URL, verify: Bool
    ) throws {
        self.url = url
        let name = url.lastPathComponent
        self.base = base
        self.size = size
        self.mapped = mapped
        do {
            let header = try EventStoreHeader(
                UnsafeRawBufferPointer(start: base, count: size), file: name)
            eventCount = header.counts[0]
            userCount = header.counts[1]
            productCount = header.counts[2]
            storeCount = header.counts[3]
            catalogRowCount = header.counts[4]
            levelCount = header.levelCount
            sections = header.sections
            if verify {
                let payload = UnsafeRawBufferPointer(
                    start: base + header.length, count: size - header.length)
                guard Checksum.of(payload) == header.payloadChecksum else {
                    throw DataError(
                        .malformed, "checksum mismatch: the store is damaged; ingest again",
                        file: name)
                }
            }
            let json = try Self.bytes(sections, .metadata, 0, base, name)
            do {
                metadata = try JSONDecoder().decode(EventStoreMetadata.self, from: Data(json))
            } catch {
                throw DataError(
                    .malformed,
                    "the store's metadata cannot be read (an older or newer propensity wrote "
                        + "it?); ingest again", file: name)
            }
            try checkLengths(file: name)
            if verify { try checkIndices(file: name) }
        } catch {
            Self.release(base, mapped: mapped, size: size)
            throw error
        }
    }

    deinit { Self.release(base, mapped: mapped, size: size) }

    private static func release(_ base: UnsafeMutableRawPointer, mapped: Bool, size: Int) {
        if mapped { munmap(base, size) } else { free(base) }
    }

    // MARK: - Columns

    /// Distinct users, ascending `[U]`.
    public var users: UnsafeBufferPointer<Int64> { view(.users) }
    /// Events of `users[k]` are `userStarts[k] ..< userStarts[k + 1]` `[U + 1]`.
    public var userStarts: UnsafeBufferPointer<Int64> { view(.userStarts) }
    /// Distinct product ids, ascending `[P]`.
    public var products: UnsafeBufferPointer<Int64> { view(.products) }
    /// Catalog row of each product, -1 when it has none `[P]`.
    public var productCatalogRows: UnsafeBufferPointer<Int32> { view(.productCatalogRows) }
    /// Distinct store ids, ascending `[S]`.
    public var stores: UnsafeBufferPointer<Int64> { view(.stores) }
    /// Event time, microseconds since 1970-01-01 `[N]`.
    public var time: UnsafeBufferPointer<Int64> { view(.time) }
    /// Event basket `[N]`.
    public var basket: UnsafeBufferPointer<Int64> { view(.basket) }
    /// Event product as an index into `products` `[N]`.
    public var productIndex: UnsafeBufferPointer<Int32> { view(.product) }
    /// Event store as an index into `stores` `[N]`.
    public var storeIndex: UnsafeBufferPointer<Int32> { view(.store) }
    public var quantity: UnsafeBufferPointer<Double> { view(.quantity) }
    public var amount: UnsafeBufferPointer<Double> { view(.amount) }
    public var discount: UnsafeBufferPointer<Double> { view(.discount) }
    /// Index into `products` of each catalog row, in catalog order `[C]`.
    public var catalogProduct: UnsafeBufferPointer<Int32> { view(.catalogProduct) }

    /// Value index of each catalog row at `level` (0-based), -1 for null `[C]`.
    public func catalogLevel(_ level: Int) -> UnsafeBufferPointer<Int32> {
        view(.catalogLevel, level: level)
    }

    /// The distinct values of catalog level `level` (0-based), in catalog order.
    public func levelValues(_ level: Int) -> [String] {
        let offsets: UnsafeBufferPointer<UInt64> = view(.levelValueOffsets, level: level)
        let bytes = try! Self.bytes(sections, .levelValueBytes, level, base, "")
        return (0..<max(offsets.count - 1, 0)).map { k in
            String(decoding: bytes[Int(offsets[k])..<Int(offsets[k + 1])], as: UTF8.self)
        }
    }

    // MARK: - Tables

    /// The events as a `TransactionTable`, in store order (user, time, basket, product, row).
    public func transactionTable() -> TransactionTable {
        var user = [Int64](repeating: 0, count: eventCount)
        let starts = userStarts
        for (k, id) in users.enumerated() {
            for i in Int(starts[k])..<Int(starts[k + 1]) { user[i] = id }
        }
        let products = self.products, stores = self.stores
        return TransactionTable(
            user: user, time: Array(time), basket: Array(basket),
            product: productIndex.map { products[Int($0)] },
            store: storeIndex.map { stores[Int($0)] }, quantity: Array(quantity),
            amount: Array(amount), discount: Array(discount))
    }

    /// The catalog exactly as ingested: rows in input order, null levels nil.
    public func catalog() -> Catalog {
        let products = self.products
        let levels = (0..<levelCount).map { level -> [String?] in
            let values = levelValues(level)
            return catalogLevel(level).map { $0 < 0 ? nil : values[Int($0)] }
        }
        return Catalog(product: catalogProduct.map { products[Int($0)] }, levels: levels)
    }

    // MARK: - Checks

    private func view<T>(
        _ kind: EventStoreFormat.Kind, level: Int = 0
    ) -> UnsafeBufferPointer<T> {
        let section = sections.first { $0.kind == kind && $0.level == level }!
        return UnsafeBufferPointer(
            start: (base + Int(section.offset)).assumingMemoryBound(to: T.self),
            count: Int(section.length) / MemoryLayout<T>.stride)
    }

    private static func bytes(
        _ sections: [EventStoreFormat.Section], _ kind: EventStoreFormat.Kind, _ level: Int,
        _ base: UnsafeMutableRawPointer, _ file: String
    ) throws -> UnsafeRawBufferPointer {
        guard let section = sections.first(where: { $0.kind == kind && $0.level == level })
        else {
            throw DataError(.malformed, "the \(kind) section is missing", file: file)
        }
        return UnsafeRawBufferPointer(
            start: base + Int(section.offset), count: Int(section.length))
    }

    /// Every section has the length its kind and the counts imply.
    private func checkLengths(file: String) throws {
        let n = eventCount, u = userCount, p = productCount, c = catalogRowCount
        var expected: [(EventStoreFormat.Kind, Int, Int)] = [
            (.users, 0, 8 * u), (.userStarts, 0, 8 * (u + 1)), (.products, 0, 8 * p),
            (.productCatalogRows, 0, 4 * p), (.stores, 0, 8 * storeCount),
            (.time, 0, 8 * n), (.basket, 0, 8 * n), (.product, 0, 4 * n), (.store, 0, 4 * n),
            (.quantity, 0, 8 * n), (.amount, 0, 8 * n), (.discount, 0, 8 * n),
            (.catalogProduct, 0, 4 * c),
        ]
        for level in 0..<levelCount { expected.append((.catalogLevel, level, 4 * c)) }
        for (kind, level, length) in expected {
            let section = try Self.bytes(sections, kind, level, base, file)
            guard section.count == length else {
                throw DataError(
                    .malformed, "the \(kind) section holds \(section.count) bytes, not \(length)",
                    file: file)
            }
        }
        for level in 0..<levelCount {
            let offsets: UnsafeBufferPointer<UInt64> = view(.levelValueOffsets, level: level)
            let bytes = try Self.bytes(sections, .levelValueBytes, level, base, file)
            guard !offsets.isEmpty, offsets.first == 0, offsets.last == UInt64(bytes.count),
                  zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
            else {
                throw DataError(
                    .malformed, "level \(level + 1) values are inconsistent", file: file)
            }
        }
        let starts = userStarts
        guard starts.first == 0, starts.last == Int64(n),
              zip(starts, starts.dropFirst()).allSatisfy({ $0 < $1 })
        else {
            throw DataError(.malformed, "user ranges are inconsistent", file: file)
        }
    }

    /// Every dictionary index points into its dictionary.
    private func checkIndices(file: String) throws {
        func check(_ values: UnsafeBufferPointer<Int32>, below limit: Int, allowNull: Bool,
                   _ what: String) throws {
            let low: Int32 = allowNull ? -1 : 0
            guard values.allSatisfy({ $0 >= low && Int($0) < limit }) else {
                throw DataError(.malformed, "\(what) index out of range", file: file)
            }
        }
        try check(productIndex, below: productCount, allowNull: false, "product")
        try check(storeIndex, below: storeCount, allowNull: false, "store")
        try check(catalogProduct, below: productCount, allowNull: false, "catalog product")
        try check(productCatalogRows, below: catalogRowCount, allowNull: true, "catalog row")
        for level in 0..<levelCount {
            let values: UnsafeBufferPointer<UInt64> = view(.levelValueOffsets, level: level)
            try check(catalogLevel(level), below: values.count - 1, allowNull: true, "level")
        }
    }
}
