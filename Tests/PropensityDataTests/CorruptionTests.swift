import Foundation
import Testing
@testable import PropensityData

/// Damaged files must throw `DataError`, never crash or hang.
@Suite struct CorruptionTests {
    /// SplitMix64, so every run damages the same bytes.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: ParquetFileTests.layouts)
    func randomlyDamagedParquetThrowsOrDecodes(name: String) throws {
        let original = Array(try Data(contentsOf: TestFiles.fixture(name)))
        var random = SplitMix(state: 42)
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
