import Foundation
import Testing
@testable import PropensityData

@Suite struct CSVReaderTests {
    /// The records of `Fixtures/quoted.csv` (BOM, CRLF, quotes, an empty line, no final EOL).
    static let quotedRows: [[String?]] = [
        ["1", "plain", "0.5"],
        ["2", "with, comma", nil],
        ["3", "say \"hi\"", "1e2"],
        ["4", "two\nlines", "-3"],
        ["5", nil, "7"],
    ]

    func rows(_ reader: CSVReader) throws -> [[String?]] {
        var rows: [[String?]] = []
        try reader.forEachRecord { record in rows.append((0..<record.count).map { record[$0] }) }
        return rows
    }

    @Test(arguments: ["quoted.csv", "quoted.csv.gz"])
    func quotingCasesParse(name: String) throws {
        let reader = try CSVReader(contentsOf: TestFiles.fixture(name))
        #expect(reader.header == ["id", "text", "amount"])
        #expect(try rows(reader) == Self.quotedRows)
    }

    @Test func recordNumbersCountDataRowsNotLines() throws {
        var numbers: [Int] = []
        try CSVReader(contentsOf: TestFiles.fixture("quoted.csv")).forEachRecord {
            numbers.append($0.number)
        }
        #expect(numbers == [1, 2, 3, 4, 5])
    }

    @Test func readColumnsTransposesRecords() throws {
        let columns = try CSVReader(contentsOf: TestFiles.fixture("quoted.csv")).readColumns()
        #expect(columns[0] == ["1", "2", "3", "4", "5"])
        #expect(columns[2] == ["0.5", nil, "1e2", "-3", "7"])
    }

    @Test func tabDelimiterAndLoneCarriageReturns() throws {
        let url = try TestFiles.scratch("t.tsv", "a\tb\r1\t\"x\ty\"\r2\t3")
        let reader = try CSVReader(contentsOf: url, delimiter: "\t")
        #expect(reader.header == ["a", "b"])
        #expect(try rows(reader) == [["1", "x\ty"], ["2", "3"]])
    }

    @Test func fieldCountMismatchNamesTheRow() throws {
        let url = try TestFiles.scratch("short.csv", "a,b\n1,2\n3\n")
        #expect {
            try CSVReader(contentsOf: url).forEachRecord { _ in }
        } throws: { error in
            guard let error = error as? DataError else { return false }
            return error.code == .malformed && error.row == 2 && error.file == "short.csv"
        }
    }

    @Test func headerNamingAColumnTwiceIsRefusedWithBothPositions() throws {
        let url = try TestFiles.scratch("twice.tsv", "user\tqty\ttime\tqty\n1\t2\t3\t4\n")
        #expect {
            try CSVReader(contentsOf: url, delimiter: "\t")
        } throws: { error in
            guard let error = error as? DataError else { return false }
            return error.code == .malformed && error.file == "twice.tsv"
                && error.column == "qty" && error.row == nil
                && error.description == "twice.tsv, column `qty`: the header names this "
                    + "column twice, at positions 2 and 4; rename or drop one of them"
        }
        // Unnamed columns cannot be mapped, so repeating them is harmless.
        let unnamed = try TestFiles.scratch("unnamed.csv", "a,,b,\n1,2,3,4\n")
        #expect(try CSVReader(contentsOf: unnamed).header == ["a", "", "b", ""])
    }

    @Test func unterminatedQuoteAndTextAfterQuoteThrow() throws {
        for (name, text, row) in [
            ("open.csv", "a,b\n1,2\n3,\"never closed\n", 2),
            ("after.csv", "a,b\n1,\"x\"y\n", 1),
        ] {
            let url = try TestFiles.scratch(name, text)
            #expect {
                try CSVReader(contentsOf: url).forEachRecord { _ in }
            } throws: { error in
                guard let error = error as? DataError else { return false }
                return error.code == .malformed && error.row == row
            }
        }
    }

    /// Feeding the parser in two pieces, cut at every byte, must give the same records as
    /// one piece: this is what happens at gzip chunk boundaries.
    @Test func recordsAreTheSameWhereverTheInputIsCut() throws {
        let text = Array(try Data(contentsOf: TestFiles.fixture("quoted.csv")))
        func parse(cut: Int) throws -> [[String?]] {
            var parser = CSVParser(delimiter: UInt8(ascii: ","), fileName: "cut.csv")
            var rows: [[String?]] = []
            let collect: ([String], CSVRecord?) throws -> Bool = { _, record in
                if let record { rows.append((0..<record.count).map { record[$0] }) }
                return true
            }
            let first = Array(text[..<cut])
            let used = try first.withUnsafeBytes { try parser.parse($0, final: false, collect) }
            let rest = Array(text[used...])
            let end = try rest.withUnsafeBytes { try parser.parse($0, final: true, collect) }
            #expect(end == rest.count)
            return rows
        }
        for cut in 0...text.count {
            #expect(try parse(cut: cut) == Self.quotedRows, "cut at \(cut)")
        }
    }

    /// Random text over the characters that matter: parsing in one piece or cut anywhere
    /// gives the same records, or the same error.
    @Test func randomTextParsesTheSameWhereverItIsCut() throws {
        let alphabet = Array("ab,\"\r\n".utf8)
        var random = SynthRandom(state: 7)
        func parse(_ text: [UInt8], cut: Int) -> String {
            var parser = CSVParser(delimiter: UInt8(ascii: ","), fileName: "r.csv")
            var rows: [[String?]] = []
            let collect: ([String], CSVRecord?) throws -> Bool = { header, record in
                rows.append(record.map { r in (0..<r.count).map { r[$0] } } ?? header)
                return true
            }
            do {
                let first = Array(text[..<cut])
                let used = try first.withUnsafeBytes {
                    try parser.parse($0, final: false, collect)
                }
                let rest = Array(text[used...])
                _ = try rest.withUnsafeBytes { try parser.parse($0, final: true, collect) }
                return "\(rows)"
            } catch {
                return "error \(error)"
            }
        }
        for _ in 0..<300 {
            let length = Int(random.next() % 24)
            let text = (0..<length).map { _ in alphabet[Int(random.next() % 6)] }
            let whole = parse(text, cut: 0)
            for cut in stride(from: 1, through: length, by: 1) {
                #expect(parse(text, cut: cut) == whole, "\(String(decoding: text, as: UTF8.self))")
            }
        }
    }
}
