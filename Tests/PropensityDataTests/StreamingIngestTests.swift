import Foundation
import Testing
@testable import PropensityData

/// The external sort: any chunk size gives the same store, byte for byte.
@Suite struct StreamingIngestTests {
    /// 200 rows of 7 users with many ties on time and product, in a scrambled order, no
    /// basket column (derived baskets must be numbered across chunks).
    static func csv() -> String {
        var text = "user,time,product,quantity,amount\n"
        var state: UInt64 = 12345
        func next(_ n: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % n
        }
        for _ in 0..<200 {
            let day = 1 + next(3)
            text += "\(next(7)),2017-01-0\(day)T10:00:0\(next(2)),\(next(5)),"
                + "\(Int(next(3)) - 1),\(next(4)).5\n"
        }
        return text
    }

    @Test func chunkSizeDoesNotChangeTheStore() throws {
        let transactions = try TestFiles.scratch("t.csv", Self.csv())
        let catalog = try TestFiles.scratch("p.csv", "product_id,a\n0,X\n1,Y\n2,X\n3,\n")
        let columns = TransactionColumns(
            user: "user", time: "time", basket: nil, product: "product", store: nil,
            quantity: "quantity", amount: "amount")
        var stores: [Data] = []
        var metadata: [EventStoreMetadata] = []
        for chunkRows in [1000, 64, 7, 1] {
            let url = transactions.deletingLastPathComponent()
                .appendingPathComponent("c\(chunkRows).store")
            let (written, _) = try Ingest.run(
                transactions: transactions, catalog: catalog, columns: columns,
                catalogColumns: CatalogColumns(product: "product_id", levels: ["a"]),
                chunkRows: chunkRows, to: url)
            stores.append(try Data(contentsOf: url))
            metadata.append(written)
        }
        #expect(stores.allSatisfy { $0 == stores[0] })
        #expect(metadata.allSatisfy { $0 == metadata[0] })
        // And the same events as loading the whole table at once.
        let whole = try TransactionLog.load(transactions, columns: columns)
        let store = try EventStore(contentsOf: transactions.deletingLastPathComponent()
            .appendingPathComponent("c1.store"))
        #expect(store.eventCount == 200)
        #expect(store.summary().returns == whole.quantity.count { $0 <= 0 })
        #expect(Set(store.transactionTable().basket) == Set(whole.basket))
        #expect(metadata[0].duplicateRows > 0)
        #expect(metadata[0].unknownProductRows == whole.product.count { $0 == 4 })
    }

    /// A store built in memory holds what the file holds, whatever the chunk size.
    @Test(arguments: [1000, 7])
    func inMemoryStoreEqualsTheFile(chunkRows: Int) throws {
        let transactions = try TestFiles.scratch("m.csv", Self.csv())
        let catalog = try TestFiles.scratch("mp.csv", "product_id,a\n0,X\n1,Y\n2,X\n3,\n")
        let columns = TransactionColumns(
            user: "user", time: "time", basket: nil, product: "product", store: nil,
            quantity: "quantity", amount: "amount")
        let levels = CatalogColumns(product: "product_id", levels: ["a"])
        let url = transactions.deletingLastPathComponent().appendingPathComponent("m.store")
        try Ingest.run(
            transactions: transactions, catalog: catalog, columns: columns,
            catalogColumns: levels, chunkRows: chunkRows, to: url)
        let file = try EventStore(contentsOf: url)
        let memory = try Ingest.inMemory(
            transactions: transactions, catalog: catalog, columns: columns,
            catalogColumns: levels, chunkRows: chunkRows).store
        #expect(memory.eventCount == 200)
        #expect(memory.metadata == file.metadata)
        #expect(Array(memory.users) == Array(file.users))
        #expect(Array(memory.userStarts) == Array(file.userStarts))
        #expect(Array(memory.products) == Array(file.products))
        #expect(Array(memory.productCatalogRows) == Array(file.productCatalogRows))
        #expect(Array(memory.stores) == Array(file.stores))
        #expect(Array(memory.time) == Array(file.time))
        #expect(Array(memory.basket) == Array(file.basket))
        #expect(Array(memory.productIndex) == Array(file.productIndex))
        #expect(Array(memory.storeIndex) == Array(file.storeIndex))
        #expect(Array(memory.quantity) == Array(file.quantity))
        #expect(Array(memory.amount) == Array(file.amount))
        #expect(Array(memory.discount) == Array(file.discount))
        #expect(Array(memory.catalogLevel(0)) == Array(file.catalogLevel(0)))
        #expect(memory.levelValues(0) == file.levelValues(0))
        #expect(memory.url == transactions)
    }
}
