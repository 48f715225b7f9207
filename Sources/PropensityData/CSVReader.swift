import Foundation

/// A streaming reader of delimited text (CSV, TSV), plain or gzip-compressed.
///
/// The first record is the header. Fields may be quoted with `"`; a quoted field may hold the
/// delimiter, line breaks and doubled quotes (`""` for `"`). Records end with LF, CRLF or CR.
/// A UTF-8 byte order mark before the header is dropped, empty lines are skipped, and an empty
/// field (quoted or not) is null. Files whose name ends in `.gz` are inflated through zlib in
/// chunks, so memory stays near the chunk size however large the file.
public struct CSVReader: Sendable {
    /// The file being read.
    public let url: URL
    /// The field separator, an ASCII byte (`,` by default, tab for TSV).
    public let delimiter: UInt8
    /// The column names of the first record.
    public let header: [String]

    private var fileName: String { url.lastPathComponent }

    /// Opens `url` and reads its header.
    ///
    /// - Parameter delimiter: an ASCII character separating fields.
    /// - Throws: `DataError` when the file cannot be read, is empty, is corrupt gzip, or its
    ///   header names a column twice (unnamed columns may repeat: nothing can map them).
    public init(contentsOf url: URL, delimiter: Character = ",") throws {
        precondition(
            delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
            "CSV delimiter must be ASCII and not a quote or newline")
        self.url = url
        self.delimiter = delimiter.asciiValue!
        var names: [String]?
        try Self.scan(url: url, delimiter: self.delimiter, stopAfterHeader: true) { header, _ in
            names = header
        }
        guard let names else {
            throw DataError(.malformed, "the file is empty; a header row is needed",
                            file: url.lastPathComponent)
        }
        // A second column of the same name would be shadowed by the first without a word.
        var firstPosition: [String: Int] = [:]
        for (position, name) in names.enumerated() where !name.isEmpty {
            if let first = firstPosition[name] {
                throw DataError(
                    .malformed,
                    "the header names this column twice, at positions \(first + 1) and "
                        + "\(position + 1); rename or drop one of them",
                    file: url.lastPathComponent, column: name)
            }
            firstPosition[name] = position
        }
        header = names
    }

    /// The index of the column called `name`, if the header has it.
    public func columnIndex(named name: String) -> Int? { header.firstIndex(of: name) }

    /// Calls `body` for each data record, in file order.
    ///
    /// The record (and any pointer taken from it) is valid only during the call.
    ///
    /// - Throws: `DataError` for unreadable input, an unterminated quote, text after a closing
    ///   quote, or a record whose field count differs from the header's; errors thrown by
    ///   `body` pass through.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        try forEachRecord(deliveringMisshapen: false, body)
    }

    /// As `forEachRecord(_:)`; with `deliveringMisshapen`, a record whose field count differs
    /// from the header's is handed to `body` with `problem` set instead of stopping the read.
    func forEachRecord(
        deliveringMisshapen: Bool, _ body: (CSVRecord) throws -> Void
    ) throws {
        try Self.scan(
            url: url, delimiter: delimiter, stopAfterHeader: false,
            deliveringMisshapen: deliveringMisshapen
        ) { _, record in
            if let record { try body(record) }
        }
    }

    /// Reads all records into columns of optional strings (for small files and tests).
    public func readColumns() throws -> [[String?]] {
        var columns = [[String?]](repeating: [], count: header.count)
        try forEachRecord { record in
            for i in 0..<header.count { columns[i].append(record[i]) }
        }
        return columns
    }

    // MARK: - Scanning

    /// Feeds the input to a `CSVParser` chunk by chunk; `handle` sees the header once (with a
    /// nil record), then every data record.
    private static func scan(
        url: URL, delimiter: UInt8, stopAfterHeader: Bool, deliveringMisshapen: Bool = false,
        _ handle: ([String], CSVRecord?) throws -> Void
    ) throws {
        let name = url.lastPathComponent
        let input: FileHandle
        do {
            input = try FileHandle(forReadingFrom: url)
        } catch {
            throw DataError(
                .unreadable,
                "cannot read the file (\(error.localizedDescription)); check the path",
                file: url.path)
        }
        defer { try? input.close() }
        var parser = CSVParser(delimiter: delimiter, fileName: name)
        parser.deliversMisshapenRecords = deliveringMisshapen
        var done = false
        func consume(_ bytes: UnsafeRawBufferPointer, _ final: Bool) throws -> Int {
            try parser.parse(bytes, final: final) { header, record in
                try handle(header, record)
                if stopAfterHeader { done = true }
                return !done
            }
        }
        // Read in chunks rather than mapping the file: a mapped file's pages count toward
        // the resident size, and inputs may be many gigabytes.
        do {
            let inflater = url.pathExtension.lowercased() == "gz" ? try GzipInflater() : nil
            var pending: [UInt8] = []
            let step = 1 << 22
            while !done {
                let chunk: Data
                do {
                    chunk = try input.read(upToCount: step) ?? Data()
                } catch {
                    throw DataError(
                        .unreadable, "cannot read the file (\(error.localizedDescription))")
                }
                let final = chunk.isEmpty
                if let inflater {
                    try chunk.withUnsafeBytes { try inflater.inflate($0, appendingTo: &pending) }
                    if final && !inflater.isFinished {
                        throw DataError(.malformed, "the gzip stream is truncated")
                    }
                } else {
                    pending.append(contentsOf: chunk)
                }
                let used = try pending.withUnsafeBytes { try consume($0, final) }
                pending.removeFirst(used)
                if final { break }
            }
        } catch let error as DataError {
            throw error.inFile(name)
        }
    }
}

/// One record of a CSV file: its fields as bytes, valid only inside `forEachRecord`'s body.
public struct CSVRecord {
    /// The 1-based data row (the header is not counted; a quoted line break does not count).
    public let number: Int
    let spans: UnsafeBufferPointer<CSVParser.Span>
    let text: UnsafeRawPointer
    let unescaped: UnsafeRawPointer?
    /// Why the record cannot be used as it is (its field count differs from the header's);
    /// nil for a well-formed record.
    let problem: DataError?

    /// Number of fields.
    public var count: Int { spans.count }

    /// The bytes of field `i` (quotes removed, `""` unescaped); empty for a null field.
    public func bytes(_ i: Int) -> UnsafeRawBufferPointer {
        let span = spans[i]
        let base = span.isUnescaped ? unescaped! : text
        return UnsafeRawBufferPointer(start: base + span.start, count: span.end - span.start)
    }

    /// Field `i` as a string, or nil when it is empty.
    public subscript(i: Int) -> String? {
        let field = bytes(i)
        return field.isEmpty ? nil : String(decoding: field, as: UTF8.self)
    }
}
