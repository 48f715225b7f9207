import Foundation
import Testing
@testable import PropensityData

/// Damaged files must throw `DataError`, never crash or hang.
@Suite struct CorruptionTests {
    @Test func emptyOrHeaderOnlyParquetSaysSoNamingTheFile() throws {
        func message(_ bytes: [UInt8]) throws -> String? {
            let url = try TestFiles.scratch("t.parquet", bytes)
            do {
                _ = try ParquetFile(contentsOf: url)
                return nil
            } catch let error as DataError {
                #expect(error.code == .malformed)
                return error.description
            }
        }
        #expect(try message([]) == "t.parquet: not a Parquet file: the file is empty (0 bytes); "
            + "write it again")
        #expect(try message(Array("PAR1".utf8)) == "t.parquet: not a Parquet file: only 4 "
            + "bytes, the PAR1 header without columns or footer (an unfinished write?); write "
            + "it again")
        let start = Array(try Data(contentsOf: TestFiles.fixture(ParquetFileTests.layouts[0]))
            .prefix(100))
        #expect(try message(start)?.hasPrefix("t.parquet: not a complete Parquet file: it "
            + "starts with PAR1 but does not end with it") == true)
        #expect(try message(Array("id,name\n1,x\n".utf8)) == "t.parquet: not a Parquet file "
            + "(no PAR1 magic at the start); check the path")
    }

    @Test(arguments: ParquetFileTests.layouts)
    func randomlyDamagedParquetThrowsOrDecodes(name: String) throws {
        let original = Array(try Data(contentsOf: TestFiles.fixture(name)))
        var random = SynthRandom(state: 42)  // seeded: every run damages the same bytes
        var thrown = 0
        for trial in 0..<400 {
            var bytes = original
            for _ in 0...(trial % 4) {
                let index = Int(random.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: random.next())
            }
            do {
                let file = try ParquetFile(data: Data(bytes), url: URL(fileURLWithPath: name))
                for index in file.columns.indices { _ = try file.column(at: index) }
            } catch is DataError {
                thrown += 1
            }
        }
        // Most damage is caught; some lands in values and decodes to other values.
        #expect(thrown > 0)
    }
}
