import Foundation
import Testing
@testable import PropensityData

/// `propensity synth`'s generator: deterministic, CSV and Parquet agree, adopters planted.
@Suite struct SyntheticLogTests {
    func generate(_ seed: UInt64, _ formats: Set<SyntheticLog.Format>) throws -> URL {
        let directory = try TestFiles.scratch("x", "").deletingLastPathComponent()
            .appendingPathComponent("synth")
        var log = SyntheticLog(users: 40, seed: seed)
        log.adopterShare = 0.5
        let summary = try log.write(to: directory, formats: formats)
        #expect(summary.users == 40)
        #expect(summary.adopters > 5 && summary.adopters < 35)
        return directory
    }

    @Test func csvAndParquetHoldTheSameRowsAndTheSameSeedTheSameBytes() throws {
        let a = try generate(7, [.csv, .parquet])
        let b = try generate(7, [.csv])
        #expect(try Data(contentsOf: a.appendingPathComponent("transactions.csv"))
            == Data(contentsOf: b.appendingPathComponent("transactions.csv")))
        let csv = try TransactionLog.load(a.appendingPathComponent("transactions.csv"))
        let parquet = try TransactionLog.load(a.appendingPathComponent("transactions.parquet"))
        #expect(csv.count > 1000)
        #expect(csv.user == parquet.user)
        #expect(csv.time == parquet.time)
        #expect(csv.basket == parquet.basket)
        #expect(csv.product == parquet.product)
        #expect(csv.amount == parquet.amount)
        #expect(csv.discount == parquet.discount)
        #expect(csv.quantity == parquet.quantity)
        let catalog = try ProductCatalog.load(a.appendingPathComponent("products.parquet"))
        #expect(catalog.product
            == (try ProductCatalog.load(a.appendingPathComponent("products.csv"))).product)
    }

    @Test func onlyAdoptersBuyTheTargetAndTheyDriftFirst() throws {
        let directory = try generate(3, [.csv])
        let t = try TransactionLog.load(directory.appendingPathComponent("transactions.csv"))
        let catalog = try ProductCatalog.load(directory.appendingPathComponent("products.csv"))
        var category: [Int64: String] = [:]
        for (i, p) in catalog.product.enumerated() { category[p] = catalog.levels[1][i] }
        var firstTarget: [Int64: Int64] = [:]
        for i in 0..<t.count where category[t.product[i]] == SyntheticLog.targetCategory {
            firstTarget[t.user[i]] = min(firstTarget[t.user[i]] ?? .max, t.time[i])
        }
        #expect(firstTarget.count > 5)
        // Related categories: at least twice as frequent in the 30 days before adoption as
        // earlier than 90 days before (measured: about 2.6 times).
        var near = 0, far = 0, nearAll = 0, farAll = 0
        let day: Int64 = 86_400_000_000
        for i in 0..<t.count {
            guard let first = firstTarget[t.user[i]] else { continue }
            let related = SyntheticLog.relatedCategories.contains(category[t.product[i]] ?? "")
            if t.time[i] < first && t.time[i] >= first - 30 * day {
                nearAll += 1
                if related { near += 1 }
            } else if t.time[i] < first - 90 * day {
                farAll += 1
                if related { far += 1 }
            }
        }
        #expect(nearAll > 0 && farAll > 0)
        #expect(Double(near) / Double(nearAll) > 2 * Double(far) / Double(max(farAll, 1)))
    }
}
