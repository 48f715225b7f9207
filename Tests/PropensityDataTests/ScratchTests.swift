import Foundation
import Testing
@testable import PropensityData

@Test func scratchParquet() throws {
    let url = URL(fileURLWithPath: "/work/shared/data/completejourney/transactions.parquet")
    let t0 = Date()
    let file = try ParquetFile(contentsOf: url)
    var cols: [ParquetColumn] = []
    for c in file.columns { cols.append(try file.column(named: c.name)) }
    print("time", Date().timeIntervalSince(t0))
    for c in cols {
        switch c.values {
        case .int64(let v): print(c.descriptor.name, v.prefix(3), v.last!, c.nullCount)
        case .double(let v): print(c.descriptor.name, v.prefix(3), v.last!, c.nullCount)
        case .int96Timestamp(let v): print(c.descriptor.name, v.prefix(3), v.last!, c.nullCount)
        default: print("?")
        }
    }
    let p = try ParquetFile(contentsOf: URL(fileURLWithPath: "/work/shared/data/completejourney/products.parquet"))
    let d = try p.column(named: "product_type")
    if case .byteArray(let b) = d.values { print((0..<5).map { b.string(at: $0) }, d.nullCount) }
}
