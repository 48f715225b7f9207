import Foundation
import Testing
@testable import PropensityData

/// The fixtures of `Fixtures/make_fixtures.py`: the same seven rows in several layouts.
@Suite struct ParquetFileTests {
    static let layouts = [
        "dictionary-uncompressed.parquet", "plain-snappy-pages.parquet", "dictionary-gzip.parquet",
        "zstd.parquet", "page-v2.parquet", "delta-v2-snappy.parquet", "delta-bytes-zstd.parquet",
        "empty-row-group.parquet",
    ]

    func open(_ name: String) throws -> ParquetFile {
        try ParquetFile(contentsOf: TestFiles.fixture(name))
    }

    /// Values with nil for null rows, checked against the validity mask.
    func values<T>(_ column: ParquetColumn, _ all: [T]) -> [T?] {
        all.indices.map { column.isNull($0) ? nil : all[$0] }
    }

    @Test func schemaListsLeafColumnsWithTypesAndLevels() throws {
        let file = try open("dictionary-gzip.parquet")
        #expect(file.rowCount == 7)
        #expect(file.columns.map(\.name) == [
            "id", "small", "ratio", "single", "flag", "name", "stamp", "day", "count",
        ])
        #expect(file.columns.map(\.physicalType) == [
            .int64, .int32, .double, .float, .boolean, .byteArray, .int64, .int32, .int64,
        ])
        #expect(file.columns[5].logicalType == .string)
        #expect(file.columns[6].logicalType == .timestamp(.microseconds))
        #expect(file.columns[7].logicalType == .date)
        #expect(file.columns.map(\.maxDefinitionLevel) == [1, 1, 1, 1, 1, 1, 1, 1, 0])
    }

    @Test(arguments: layouts)
    func everyLayoutDecodesTheSameValues(name: String) throws {
        let file = try open(name)
        let id = try file.column(named: "id")
        guard case .int64(let ids) = id.values else { Issue.record("id type"); return }
        #expect(ids == [1, 2, 3, 4, 5, 6, 7])
        #expect(id.validity == nil)

        let small = try file.column(named: "small")
        guard case .int32(let smalls) = small.values else { Issue.record("small"); return }
        #expect(values(small, smalls) == [10, nil, -3, Int32.max, nil, 0, Int32.min])
        #expect(small.nullCount == 2)

        let ratio = try file.column(named: "ratio")
        guard case .double(let ratios) = ratio.values else { Issue.record("ratio"); return }
        #expect(values(ratio, ratios) == [0.5, 1.25, nil, -2.0, 1e-300, 3.0, nil])

        let single = try file.column(named: "single")
        guard case .float(let singles) = single.values else { Issue.record("single"); return }
        #expect(values(single, singles) == [1.5, -0.25, 0, 2, 3.5, nil, 7])

        let flag = try file.column(named: "flag")
        guard case .boolean(let flags) = flag.values else { Issue.record("flag"); return }
        #expect(values(flag, flags) == [true, false, nil, true, true, false, nil])

        let name = try file.column(named: "name")
        guard case .byteArray(let names) = name.values else { Issue.record("name"); return }
        let strings = (0..<7).map { names.string(at: $0) }
        #expect(values(name, strings) == ["ab", "", nil, "ab", "é,\"x\"", "zzz", nil])

        let day = try file.column(named: "day")
        guard case .int32(let days) = day.values else { Issue.record("day"); return }
        #expect(values(day, days) == [17167, 0, -1, nil, 11016, 17226, 17168])

        let count = try file.column(named: "count")
        guard case .int64(let counts) = count.values else { Issue.record("count"); return }
        #expect(counts == [3, 1, 4, 1, 5, 9, 2])
    }

    /// A dictionary-encoded text column keeps each row's dictionary index; the level
    /// dictionary built from those indices equals the one built from the strings.
    @Test(arguments: layouts)
    func dictionaryCodesGiveTheSameLevelDictionary(name: String) throws {
        let column = try open(name).column(named: "name")
        let strings = try column.stringValues(file: name)
        #expect(strings == ["ab", nil, nil, "ab", "é,\"x\"", "zzz", nil])
        let fromStrings = LevelDictionary(strings)
        #expect(fromStrings.rows == [0, -1, -1, 0, 1, 2, -1])
        guard let fromCodes = column.levelDictionary() else {
            // Only a column with one dictionary and no PLAIN pages has codes.
            #expect(name != "dictionary-uncompressed.parquet")
            return
        }
        #expect(fromCodes.rows == fromStrings.rows)
        #expect(fromCodes.offsets == fromStrings.offsets)
        #expect(fromCodes.bytes == fromStrings.bytes)
    }

    /// A fixed-width column read with its dictionary codes kept: each row's code picks its
    /// value among the entries. Only a column stored with one dictionary, no PLAIN page and
    /// no nulls has them (ingest numbers product ids per entry then).
    @Test(arguments: layouts)
    func fixedWidthDictionaryCodesPickEachRowsValue(name: String) throws {
        let file = try open(name)
        func read(_ column: String, keep: Bool = true) throws -> ParquetColumn {
            try file.column(
                at: file.columnIndex(named: column)!, rowGroups: nil, keepingDictionaryCodes: keep)
        }
        #expect(try read("small").dictionary == nil)  // it has nulls
        #expect(try read("count", keep: false).dictionary == nil)
        let count = try read("count")
        let oneDictionary = ["dictionary-uncompressed.parquet", "zstd.parquet", "page-v2.parquet"]
        guard let dictionary = count.dictionary else {
            #expect(!oneDictionary.contains(name))
            return
        }
        #expect(oneDictionary.contains(name))
        guard case .int64(let entries) = dictionary.entries else {
            Issue.record("entries are not int64")
            return
        }
        #expect(entries == [3, 1, 4, 5, 9, 2])
        #expect(dictionary.codes == [0, 1, 2, 1, 3, 4, 5])
        #expect(dictionary.codes.map { entries[Int($0)] } == [3, 1, 4, 1, 5, 9, 2])
    }

    @Test func levelDictionaryFromEntriesMergesEqualEntriesInRowOrder() {
        // Entries 0 and 3 hold the same text; entry 2 is empty (null); rows 1 and 5 are null.
        let level = LevelDictionary(entries: ["b", "a", nil, "b"], codes: [1, -1, 3, 0, 2, -1, 1])
        #expect(level.rows == [0, -1, 1, 1, -1, -1, 0])
        #expect(level.offsets == [0, 1, 2])
        #expect(level.bytes == Array("ab".utf8))
        let plain = LevelDictionary(["a", nil, "b", "b", nil, nil, "a"])
        #expect(plain.rows == level.rows && plain.bytes == level.bytes)
    }

    @Test(arguments: layouts)
    func timestampsBecomeMicrosecondsSince1970(name: String) throws {
        let column = try open(name).column(named: "stamp")
        let micros = try column.timeValues(file: name, nullValue: 0)
        let expected: [Int64?] = [
            1_483_271_606_000_000, -500_000, nil, 1_519_776_000_000_001, 951_825_600_000_000, 0,
            1_514_764_799_000_000,
        ]
        #expect(values(column, micros) == expected)
    }

    @Test func unsupportedFeaturesThrowNamingFeatureFileAndColumn() throws {
        let cases: [(file: String, column: String, feature: String)] = [
            ("list.parquet", "tags.list.element", "repeated"),
        ]
        for (file, column, feature) in cases {
            let parquet = try open(file)
            #expect {
                _ = try parquet.column(named: column)
            } throws: { error in
                guard let error = error as? DataError else { return false }
                return error.code == .unsupported && error.file == file
                    && error.column == column && error.message.contains(feature)
            }
        }
        // The flat column of the file with a list still reads.
        guard case .int64(let ids) = try open("list.parquet").column(named: "id").values else {
            Issue.record("id type")
            return
        }
        #expect(ids == [1, 2])
    }

    @Test func missingColumnListsTheColumnsThereAre() throws {
        let file = try open("dictionary-gzip.parquet")
        #expect {
            _ = try file.column(named: "price")
        } throws: { error in
            guard let error = error as? DataError else { return false }
            return error.code == .missingColumn && error.column == "price"
                && error.message.contains("ratio")
        }
    }

    @Test func notParquetThrowsMalformed() throws {
        let url = try TestFiles.scratch("fake.parquet", "id,name\n1,a\n")
        #expect {
            _ = try ParquetFile(contentsOf: url)
        } throws: { ($0 as? DataError)?.code == .malformed }
    }
}
