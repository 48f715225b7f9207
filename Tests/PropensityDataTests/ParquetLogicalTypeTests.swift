import Foundation
import Testing
@testable import PropensityData

/// Logical types, fixed-length byte arrays and part-file directories, from the fixtures of
/// `Fixtures/make_fixtures.py` (second wave); every value typed by hand.
@Suite struct ParquetLogicalTypeTests {
    func open(_ name: String) throws -> ParquetFile {
        try ParquetFile(contentsOf: TestFiles.fixture(name))
    }

    @Test func timestampsInEveryUnitBecomeMicroseconds() throws {
        let file = try open("logical-types.parquet")
        #expect(file.columns.map(\.physicalType) == [
            .int64, .int64, .int64, .fixedLenByteArray, .fixedLenByteArray, .fixedLenByteArray,
        ])
        #expect(file.columns[0].logicalType == .timestamp(.milliseconds))
        #expect(file.columns[1].logicalType == .timestamp(.nanoseconds))
        let ms = try file.column(named: "ms")
        #expect(try ms.timeValues(file: "f", nullValue: 7)
            == [1_483_271_606_123_000, 7, -1_000_000])
        // Nanoseconds round down to the microsecond, before 1970 too.
        let ns = try file.column(named: "ns")
        #expect(try ns.timeValues(file: "f", nullValue: 7) == [1_483_271_606_123_456, -1, 7])
        // 2017-07-01T10:00Z and 2017-01-01T00:00Z: UTC wall-clock time without a zone, the
        // zone's local time with one (Berlin: +2 h in summer, +1 h in winter).
        #expect(file.columns[2].logicalType == .utcTimestamp(.microseconds))
        let utc = try file.column(named: "utc")
        #expect(try utc.timeValues(file: "f", nullValue: 7)
            == [1_498_903_200_000_000, 7, 1_483_228_800_000_000])
        let berlin = TimeParser(TimeSettings(zone: TimeSettings.zone(named: "Europe/Berlin")))
        #expect(try utc.timeValues(file: "f", nullValue: 7, parser: berlin)
            == [1_498_910_400_000_000, 7, 1_483_232_400_000_000])
    }

    @Test func decimalsInFixedLengthBytesAndIntegersBecomeNumbers() throws {
        let file = try open("logical-types.parquet")
        #expect(file.columns[3].logicalType == .decimal(scale: 2, precision: 9))
        #expect(file.columns[3].typeLength == 4)
        let price = try file.column(named: "price")
        #expect(try price.doubleValues(file: "f", nullValue: 99) == [12.34, -0.05, 99])
        let big = try file.column(named: "big")
        #expect(file.columns[4].typeLength == 13)
        let bigs = try big.doubleValues(file: "f", nullValue: 99)
        #expect(bigs[0] == 123_456_789_012.345678)
        #expect(bigs[1] == 99)
        #expect(bigs[2] == -1.000001)
        let ints = try open("decimal-int.parquet")
        #expect(ints.columns[0].physicalType == .int32)
        #expect(try ints.column(named: "price").doubleValues(file: "f", nullValue: 99)
            == [12.34, -0.05, 99])
    }

    @Test func fixedLengthBinaryKeepsItsBytes() throws {
        let code = try open("logical-types.parquet").column(named: "code")
        guard case .byteArray(let values) = code.values else {
            Issue.record("code type")
            return
        }
        #expect(values.string(at: 0) == "abc")
        #expect(code.isNull(1))
        #expect(values.string(at: 2) == "xyz")
        #expect(try code.stringValues(file: "f") == ["abc", nil, "xyz"])
    }

    @Test func directoryOfPartFilesReadsAsOneTable() throws {
        // Rows 1-3 in a SNAPPY part, 4-7 in a ZSTD part; row 3 has a null `stamp`.
        let columns = TransactionColumns(
            user: "id", time: "stamp", basket: nil, product: "count", store: nil,
            quantity: "count", amount: "ratio")
        var rejects: [RejectedRow] = []
        let table = try TransactionLog.load(
            TestFiles.fixture("parts"), columns: columns, options: LoadOptions(onBadRow: .skip),
            rejects: &rejects)
        // Row 3 (null stamp, null ratio) and row 7 (null ratio) are rejected.
        #expect(table.user == [1, 2, 4, 5, 6])
        #expect(table.product == [3, 1, 1, 5, 9])
        #expect(table.amount == [0.5, 1.25, -2.0, 1e-300, 3.0])
        #expect(table.basket == [0, 1, 2, 3, 4])
        #expect(rejects.map(\.error.file) == ["part-00000.parquet", "part-00001.parquet"])
        #expect(rejects.map(\.error.row) == [3, 4])
    }
}
