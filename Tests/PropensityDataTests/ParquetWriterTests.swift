import Foundation
import Testing
@testable import PropensityData

/// The Parquet writer, read back by the reader: every value, both codecs, several row groups.
@Suite struct ParquetWriterTests {
    static let names = ["DIAPERS", "é,\"x\"", "", "DIAPERS", "WINE"]

    func write(_ compression: ParquetWriter.Compression, manyNames: Bool = false) throws -> URL {
        let url = try TestFiles.scratch("w.parquet", "")
        let writer = try ParquetWriter(url: url, compression: compression)
        let strings = manyNames ? (0..<70_000).map { "n\($0)" } : Self.names
        for group in 0..<3 {
            let n = strings.count
            try writer.append([
                .int64("user", (0..<n).map { Int64(group * 100 + $0) - 2 }),
                .double("amount", (0..<n).map { Double($0) * 0.25 - 1 }),
                .timestamp("time", (0..<n).map { Int64($0) * 86_400_000_001 - 5 }),
                .string("name", strings),
            ])
        }
        try writer.close()
        return url
    }

    @Test(arguments: [ParquetWriter.Compression.snappy, .none])
    func writtenFilesReadBackValueForValue(compression: ParquetWriter.Compression) throws {
        let file = try ParquetFile(contentsOf: write(compression))
        #expect(file.rowCount == 15)
        #expect(file.columns.map(\.name) == ["user", "amount", "time", "name"])
        #expect(file.columns[2].logicalType == .timestamp(.microseconds))
        #expect(file.columns[3].logicalType == .string)
        let users = try file.column(named: "user").int64Values(file: "w")
        #expect(users == [-2, -1, 0, 1, 2, 98, 99, 100, 101, 102, 198, 199, 200, 201, 202])
        let amounts = try file.column(named: "amount").doubleValues(file: "w")
        #expect(amounts == Array(repeating: [-1, -0.75, -0.5, -0.25, 0], count: 3).flatMap { $0 })
        let times = try file.column(named: "time").timeValues(file: "w")
        #expect(times.prefix(5) == [-5, 86_399_999_996, 172_799_999_997, 259_199_999_998,
                                     345_599_999_999])
        let names = try file.column(named: "name").stringValues(file: "w")
        #expect(names == Array(repeating: Self.names.map { $0.isEmpty ? nil : $0 }, count: 3)
            .flatMap { $0 })
    }

    @Test func manyDistinctStringsFallBackToPlain() throws {
        let file = try ParquetFile(contentsOf: write(.snappy, manyNames: true))
        let names = try file.column(named: "name").stringValues(file: "w")
        #expect(names.count == 210_000)
        #expect(names[69_999] == "n69999")
        #expect(names[70_000] == "n0")
    }

    @Test func bitPackingPutsIndicesLowBitsFirst() {
        // Width 2: 1, 2, 3 -> bits 01 10 11 -> 0b00_11_10_01.
        let bytes = ParquetWriter.bitPacked([1, 2, 3], distinct: 4)
        #expect(bytes == [2, 0b11, 0b0011_1001, 0])
    }
}
