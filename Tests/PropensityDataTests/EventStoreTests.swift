import Foundation
import Testing
@testable import PropensityData

/// The event store: order, dictionaries, counts, determinism and damage detection.
@Suite struct EventStoreTests {
    /// Seven rows in scrambled order: user 7 has a tie on (time, basket, product), a return
    /// and an exact duplicate; product 99 is not in the catalog.
    static let table = TransactionTable(
        user: [7, 3, 7, 7, 3, 7, 7],
        time: [200, 100, 100, 200, 50, 100, 100],
        basket: [2, 9, 1, 2, 8, 1, 1],
        product: [11, 10, 12, 11, 99, 10, 12],
        store: [5, -1, 5, 5, -1, 5, 5],
        quantity: [1, 2, 1, 1, 1, -1, 1],
        amount: [1.5, 2.0, 0.25, 1.5, 3.0, -0.5, 0.25],
        discount: [0, 0.1, 0, 0, 0, 0, 0])
    static let catalog = Catalog(
        product: [12, 10, 11, 13],
        levels: [["FOOD", "FOOD", "BABY", "PET"], ["CHEESE", nil, "DIAPERS", ""]])

    static func write(
        _ table: TransactionTable = table, _ catalog: Catalog = catalog
    ) throws -> URL {
        let url = try TestFiles.scratch("events.store", "")
        try EventStoreWriter.write(
            transactions: table, catalog: catalog,
            metadata: EventStoreMetadata(sources: ["t.csv", "p.csv"], levelNames: ["dept", "cat"]),
            to: url)
        return url
    }

    @Test func eventsAreSortedByUserTimeBasketProductThenRow() throws {
        let store = try EventStore(contentsOf: Self.write())
        let t = store.transactionTable()
        // Rows in store order: 4 (user 3, t 50), 1 (user 3, t 100), then user 7:
        // 5 (t 100, product 10), 2 and 6 (t 100, product 12; row 2 first), 0 and 3 (t 200).
        let rows = [4, 1, 5, 2, 6, 0, 3]
        #expect(t.user == rows.map { Self.table.user[$0] })
        #expect(t.time == rows.map { Self.table.time[$0] })
        #expect(t.basket == rows.map { Self.table.basket[$0] })
        #expect(t.product == rows.map { Self.table.product[$0] })
        #expect(t.store == rows.map { Self.table.store[$0] })
        #expect(t.quantity == rows.map { Self.table.quantity[$0] })
        #expect(t.amount == rows.map { Self.table.amount[$0] })
        #expect(t.discount == rows.map { Self.table.discount[$0] })
        #expect(Array(store.users) == [3, 7])
        #expect(Array(store.userStarts) == [0, 2, 7])
    }

    /// Placing by destination gives each row the position the sorted order gives it, for
    /// rows out of order and in order; the order itself is then left out.
    @Test func destinationsInvertTheSortedOrder() {
        let rank: [Int32] = Self.table.user.map { $0 == 3 ? 0 : 1 }
        let sorted = StoreOrder.sorted(Self.table, userRank: rank, userCount: 2)
        #expect(sorted.order == [4, 1, 5, 2, 6, 0, 3])
        let placed = StoreOrder.placed(Self.table, userRank: rank, userCount: 2, destinations: true)
        #expect(placed.order.isEmpty)
        #expect(placed.starts == [0, 2, 7])
        #expect(placed.destination == [5, 1, 3, 6, 0, 2, 4])

        let ordered = TransactionTable(
            user: [1, 2, 1, 2], time: [1, 1, 2, 2], basket: [0, 0, 0, 0], product: [5, 5, 5, 5],
            store: [0, 0, 0, 0], quantity: [1, 1, 1, 1], amount: [1, 1, 1, 1],
            discount: [0, 0, 0, 0])
        let inOrder = StoreOrder.placed(
            ordered, userRank: [0, 1, 0, 1], userCount: 2, destinations: true)
        #expect(inOrder.destination == [0, 2, 1, 3])
        #expect(inOrder.starts == [0, 2, 4])
    }

    /// Product codes kept from a Parquet dictionary are only a hint: after a caller changes
    /// the product column, the store holds the changed products, byte for byte the store of
    /// the same columns without the codes.
    @Test func changedProductsWinOverKeptDictionaryCodes() throws {
        var table = Self.table
        table.productDictionary = ColumnDictionary(
            entries: .int64([11, 10, 12, 99]), codes: [0, 1, 2, 0, 3, 1, 2])
        table.product[2] = 13  // a catalog product
        table.product[4] = 98  // another one missing from the catalog
        let hinted = try Data(contentsOf: Self.write(table))
        let store = try EventStore(contentsOf: Self.write(table))
        // Store order: user 3 rows 4, 1; user 7 at t 100 rows 5 (10), 6 (12), 2 (13); t 200.
        #expect(store.transactionTable().product == [98, 10, 10, 12, 13, 11, 11])
        table.productDictionary = nil
        #expect(try Data(contentsOf: Self.write(table)) == hinted)
    }

    /// Runs of equal (time, basket, product) in store order never cross from one user to the
    /// next, on either side of the split between the two threads.
    @Test func equalKeyRunsStayInsideEachUser() {
        let time: [Int64] = [1, 1, 2, 2, 2, 5], basket = [Int64](repeating: 0, count: 6)
        let product: [Int32] = [7, 7, 7, 7, 7, 2]
        func runs(_ starts: [Int64]) -> [Range<Int>] {
            time.withUnsafeBufferPointer { t in
                basket.withUnsafeBufferPointer { b in
                    product.withUnsafeBufferPointer { p in
                        PlacedColumn.equalKeyRuns(time: t, basket: b, product: p, starts: starts)
                    }
                }
            }
        }
        #expect(runs([0, 3, 6]) == [0..<2, 3..<5])
        #expect(runs([0, 6]) == [0..<2, 2..<5])
        #expect(runs([0, 1, 2, 3, 4, 5, 6]) == [])
    }

    @Test func idsAreDictionaryEncoded() throws {
        let store = try EventStore(contentsOf: Self.write())
        #expect(Array(store.products) == [10, 11, 12, 13, 99])
        #expect(Array(store.productCatalogRows) == [1, 2, 0, 3, -1])
        #expect(Array(store.stores) == [-1, 5])
        #expect(Array(store.productIndex) == [4, 0, 0, 2, 2, 1, 1])
        #expect(Array(store.storeIndex) == [0, 0, 1, 1, 1, 1, 1])
        #expect(store.levelValues(0) == ["FOOD", "BABY", "PET"])
        #expect(store.levelValues(1) == ["CHEESE", "DIAPERS", ""])
        #expect(Array(store.catalogLevel(1)) == [0, -1, 1, 2])
    }

    @Test func catalogComesBackExactly() throws {
        let catalog = try EventStore(contentsOf: Self.write()).catalog()
        #expect(catalog.product == Self.catalog.product)
        #expect(catalog.levels == Self.catalog.levels)
    }

    @Test func countsReturnsDuplicatesUnknownProductsAndMissingLevels() throws {
        let store = try EventStore(contentsOf: Self.write())
        let summary = store.summary()
        #expect(summary.users == 2)
        #expect(summary.events == 7)
        #expect(summary.returns == 1)
        #expect(summary.duplicateRows == 2)  // rows 3 (= 0) and 6 (= 2)
        #expect(summary.unknownProductRows == 1)
        #expect(summary.distinctUnknownProducts == 1)
        #expect(summary.firstTime == 50)
        #expect(summary.lastTime == 200)
        #expect(summary.categoriesPerLevel.map(\.values) == [3, 3])
        #expect(summary.categoriesPerLevel.map(\.name) == ["dept", "cat"])
        // Level 2 of product 10 is null: rows 1 and 5 are catalogued with it empty.
        #expect(summary.missingPerLevel == [0, 2])
        #expect(store.metadata.sources == ["t.csv", "p.csv"])
    }

    @Test func sameInputGivesIdenticalBytesWhateverTheRowOrderOfDistinctEvents() throws {
        let first = try Data(contentsOf: Self.write())
        let again = try Data(contentsOf: Self.write())
        #expect(first == again)
        // Without ties, the input order cannot matter.
        let t = Self.table
        let keep = [0, 1, 2, 4, 5]
        let permuted = [4, 2, 0, 5, 1]
        func pick(_ rows: [Int]) -> TransactionTable {
            TransactionTable(
                user: rows.map { t.user[$0] }, time: rows.map { t.time[$0] },
                basket: rows.map { t.basket[$0] }, product: rows.map { t.product[$0] },
                store: rows.map { t.store[$0] }, quantity: rows.map { t.quantity[$0] },
                amount: rows.map { t.amount[$0] }, discount: rows.map { t.discount[$0] })
        }
        let a = try Data(contentsOf: Self.write(pick(keep)))
        let b = try Data(contentsOf: Self.write(pick(permuted)))
        #expect(a == b)
    }

    @Test func productListedTwiceInTheCatalogIsRejectedWithItsRow() throws {
        let catalog = Catalog(product: [10, 11, 10], levels: [["A", "B", "C"]])
        let error = try #require(throws: DataError.self) { try Self.write(Self.table, catalog) }
        #expect(error.code == .badValue)
        #expect(error.row == 3)
        #expect(error.value == "10")
    }

    @Test func damageIsDetected() throws {
        let url = try Self.write()
        let original = try Data(contentsOf: url)
        func expectMalformed(_ bytes: Data, _ what: String) throws {
            try bytes.write(to: url)
            let error = try #require(throws: DataError.self, "\(what)") {
                try EventStore(contentsOf: url)
            }
            #expect(error.code == .malformed || error.code == .unsupported, "\(what)")
        }
        var payload = original
        payload[payload.count - 40] ^= 0x01
        try expectMalformed(payload, "payload bit flip")
        var header = original
        header[20] ^= 0x01
        try expectMalformed(header, "header bit flip")
        try expectMalformed(original.prefix(original.count - 8), "truncated")
        try expectMalformed(original.prefix(30), "truncated header")
        var magic = original
        magic[0] = UInt8(ascii: "X")
        try expectMalformed(magic, "magic")
        var version = original
        version[8] = 2
        let error = try #require(throws: DataError.self) {
            try version.write(to: url)
            _ = try EventStore(contentsOf: url)
        }
        #expect(error.code == .unsupported || error.code == .malformed)
    }

    @Test func emptyTableGivesAnEmptyStore() throws {
        let empty = TransactionTable(
            user: [], time: [], basket: [], product: [], store: [], quantity: [], amount: [],
            discount: [])
        let store = try EventStore(contentsOf: Self.write(empty))
        #expect(store.eventCount == 0)
        #expect(store.userCount == 0)
        #expect(Array(store.userStarts) == [0])
        #expect(store.catalog().product == Self.catalog.product)
    }

    @Test(.enabled(if: TestFiles.completeJourney != nil && !TestFiles.isDebugBuild,
                   "needs the Complete Journey data and a release build"))
    func completeJourneyStoreHoldsEveryRow() throws {
        let directory = try #require(TestFiles.completeJourney)
        let url = try TestFiles.scratch("cj.store", "")
        try Ingest.run(
            transactions: directory.appendingPathComponent("transactions.parquet"),
            catalog: directory.appendingPathComponent("products.parquet"), to: url)
        let store = try EventStore(contentsOf: url)
        #expect(store.userCount == 2469)
        #expect(store.eventCount == 1_469_307)
        #expect(store.summary().returns == 8869)
        // Every row of the raw table is in the store once.
        let raw = try TransactionLog.load(directory.appendingPathComponent("transactions.parquet"))
        let stored = store.transactionTable()
        struct Row: Hashable {
            let user, time, basket, product, store: Int64
            let quantity, amount, discount: Double
        }
        func rows(_ t: TransactionTable) -> [Row: Int] {
            var counts: [Row: Int] = [:]
            for i in 0..<t.count {
                counts[Row(user: t.user[i], time: t.time[i], basket: t.basket[i],
                           product: t.product[i], store: t.store[i], quantity: t.quantity[i],
                           amount: t.amount[i], discount: t.discount[i]), default: 0] += 1
            }
            return counts
        }
        #expect(rows(raw) == rows(stored))
    }
}
