import Foundation
import Testing
@testable import PropensityData

/// One big Parquet file is read a few row groups at a time (bounded memory), with the values
/// of reading it whole; see make_fixtures.py for `row-groups.parquet` (11 row groups).
@Suite struct RowGroupStreamingTests {
    static let columns = TransactionColumns(
        user: "user", time: "time", basket: "basket", product: "product", store: "store",
        quantity: "quantity", amount: "amount")
    static let url = TestFiles.fixture("row-groups.parquet")
    /// 2017-01-01T00:00:00 in microseconds since 1970.
    static let start: Int64 = 1_483_228_800_000_000

    @Test func chunksFollowRowGroupsAndHoldTheFormulaValues() throws {
        var rejects: [RejectedRow] = []
        var sizes: [Int] = []
        var tables: [TransactionTable] = []
        try TransactionLog.forEachChunk(
            Self.url, columns: Self.columns, options: LoadOptions(onBadRow: .skip),
            chunkRows: 200, rejects: &rejects
        ) { chunk in
            sizes.append(chunk.count)
            tables.append(chunk)
        }
        // Groups of 97 rows, two per chunk (three would pass 200); row 500 is rejected.
        #expect(sizes == [194, 194, 193, 194, 194, 30])
        #expect(rejects.map(\.error.row) == [501])
        #expect(rejects.map(\.error.column) == ["quantity"])

        let t = TransactionTable.concatenating(tables)
        let rows = (0..<1000).filter { $0 != 500 }
        #expect(t.user == rows.map { Int64($0 % 7) })
        #expect(t.time == rows.map { Self.start + Int64($0) * 60_000_000 })
        #expect(t.product == rows.map { Int64(1000 + 13 * $0 % 50) })
        #expect(t.quantity == rows.map { Double($0 % 5 - 1) })
        #expect(t.amount == rows.map { Double($0) / 4 })
        #expect(t.basket == rows.map { Int64($0 / 3) })
        #expect(t.store == rows.map { $0 % 11 == 0 ? -1 : Int64($0 % 4) })
        #expect(t.discount == rows.map { _ in 0 })

        // Reading the whole file gives the same table.
        var wholeRejects: [RejectedRow] = []
        let whole = try TransactionLog.load(
            Self.url, columns: Self.columns, options: LoadOptions(onBadRow: .skip),
            rejects: &wholeRejects)
        #expect(whole.time == t.time && whole.store == t.store && whole.amount == t.amount)
        #expect(wholeRejects == rejects)
    }

    @Test func badRowInALaterRowGroupIsNamedByItsFileRow() throws {
        var rejects: [RejectedRow] = []
        let error = try #require(throws: DataError.self) {
            try TransactionLog.forEachChunk(
                Self.url, columns: Self.columns, options: LoadOptions(), chunkRows: 100,
                rejects: &rejects) { _ in }
        }
        #expect(error.file == "row-groups.parquet")
        #expect(error.row == 501)
        #expect(error.column == "quantity")
    }

    @Test func streamedAndWholeParquetGiveTheSameStore() throws {
        let catalog = try TestFiles.scratch(
            "rg-products.csv", "product_id,a\n" + (1000..<1050).map { "\($0),c\($0 % 3)\n" }
                .joined())
        var stores: [Data] = []
        for chunkRows in [100_000, 200, 97] {
            let out = catalog.deletingLastPathComponent()
                .appendingPathComponent("rg-\(chunkRows).store")
            let (metadata, rejects) = try Ingest.run(
                transactions: Self.url, catalog: catalog, columns: Self.columns,
                catalogColumns: CatalogColumns(product: "product_id", levels: ["a"]),
                options: LoadOptions(onBadRow: .skip), chunkRows: chunkRows, to: out)
            #expect(rejects.count == 1)
            #expect(metadata.returns == (0..<1000).count { $0 != 500 && $0 % 5 < 2 })
            stores.append(try Data(contentsOf: out))
        }
        #expect(stores[1] == stores[0])
        #expect(stores[2] == stores[0])
        let store = try EventStore(contentsOf: catalog.deletingLastPathComponent()
            .appendingPathComponent("rg-97.store"))
        #expect(store.eventCount == 999)
        #expect(store.userCount == 7)
    }

    @Test func rowGroupsReadAfterEarlierOnesWereReleasedKeepTheirValues() throws {
        // Big enough groups (about 0.5 MB each) that whole pages are dropped between chunks.
        let url = try TestFiles.scratch("big.parquet", [])
        let writer = try ParquetWriter(url: url, compression: .none)
        let groups = 6, rows = 20_000
        for g in 0..<groups {
            let i = (g * rows)..<((g + 1) * rows)
            try writer.append([
                .int64("user", i.map { Int64($0 % 101) }),
                .timestamp("time", i.map { Self.start + Int64($0) * 1_000_000 }),
                .int64("product", i.map { Int64($0 * 7 % 1000) }),
                .double("quantity", i.map { Double($0 % 3) }),
                .double("amount", i.map { Double($0) * 0.5 }),
            ])
        }
        try writer.close()
        let columns = TransactionColumns(
            user: "user", time: "time", basket: nil, product: "product", store: nil,
            quantity: "quantity", amount: "amount")
        var rejects: [RejectedRow] = []
        var tables: [TransactionTable] = []
        try TransactionLog.forEachChunk(
            url, columns: columns, options: LoadOptions(), chunkRows: rows, rejects: &rejects
        ) { tables.append($0) }
        #expect(tables.count == groups)
        let t = TransactionTable.concatenating(tables)
        let all = 0..<(groups * rows)
        #expect(t.user == all.map { Int64($0 % 101) })
        #expect(t.time == all.map { Self.start + Int64($0) * 1_000_000 })
        #expect(t.product == all.map { Int64($0 * 7 % 1000) })
        #expect(t.amount == all.map { Double($0) * 0.5 })
    }
}
