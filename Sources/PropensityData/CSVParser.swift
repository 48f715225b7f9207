/// The state machine under `CSVReader`: splits a byte buffer into records and fields.
///
/// `parse` may be called with successive buffers; it stops before a record the buffer cuts
/// short and returns how many bytes it consumed, so the caller can carry the rest over.
struct CSVParser {
    /// Where a field's bytes are: in the input buffer, or in `unescaped` when the field had
    /// doubled quotes.
    struct Span {
        var start: Int
        var end: Int
        var isUnescaped: Bool
    }

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    let delimiter: UInt8
    let fileName: String
    private var header: [String]?
    private var spans: [Span] = []
    private var unescaped: [UInt8] = []
    private var atFileStart = true
    /// Data records handed out so far.
    private(set) var recordCount = 0
    /// Whether a record whose field count differs from the header's is handed out with its
    /// `problem` set (to be skipped by the caller) instead of stopping the parse.
    var deliversMisshapenRecords = false

    init(delimiter: UInt8, fileName: String) {
        self.delimiter = delimiter
        self.fileName = fileName
    }

    /// Parses whole records of `bytes`, calling `handle(header, record)` for the header (record
    /// nil) and each data record; `handle` returns false to stop early.
    ///
    /// - Parameter final: whether `bytes` runs to the end of the input.
    /// - Returns: bytes consumed; the rest starts an incomplete record.
    mutating func parse(
        _ bytes: UnsafeRawBufferPointer, final: Bool,
        _ handle: ([String], CSVRecord?) throws -> Bool
    ) throws -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        var position = 0
        if atFileStart {
            guard n >= 3 || final else { return 0 }
            if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { position = 3 }
            atFileStart = false
        }
        while position < n {
            // Skip empty lines between records.
            if p[position] == Self.newline || p[position] == Self.carriageReturn {
                position += 1
                continue
            }
            guard let next = try parseRecord(p, count: n, from: position, final: final) else {
                break
            }
            position = next
            let keepGoing = try unescaped.withUnsafeBytes { extra in
                try spans.withUnsafeBufferPointer { fields in
                    try deliver(fields, text: base, unescaped: extra.baseAddress, handle)
                }
            }
            if !keepGoing { return position }
        }
        return position
    }

    private mutating func deliver(
        _ fields: UnsafeBufferPointer<Span>, text: UnsafeRawPointer, unescaped: UnsafeRawPointer?,
        _ handle: ([String], CSVRecord?) throws -> Bool
    ) throws -> Bool {
        guard let header else {
            let record = CSVRecord(
                number: 0, spans: fields, text: text, unescaped: unescaped, problem: nil)
            let names = (0..<record.count).map { record[$0] ?? "" }
            self.header = names
            return try handle(names, nil)
        }
        recordCount += 1
        var problem: DataError?
        if fields.count != header.count {
            let error = DataError(
                .malformed,
                "the record has \(fields.count) fields, the header \(header.count); check the "
                    + "delimiter and quoting", file: fileName, row: recordCount)
            guard deliversMisshapenRecords else { throw error }
            problem = error
        }
        let record = CSVRecord(
            number: recordCount, spans: fields, text: text, unescaped: unescaped,
            problem: problem)
        return try handle(header, record)
    }

    /// Splits one record starting at `start` into `spans`.
    ///
    /// - Returns: the offset after the record's line break, or nil when the buffer ends
    ///   inside the record and more input follows.
    private mutating func parseRecord(
        _ p: UnsafePointer<UInt8>, count n: Int, from start: Int, final: Bool
    ) throws -> Int? {
        spans.removeAll(keepingCapacity: true)
        unescaped.removeAll(keepingCapacity: true)
        var i = start
        while true {
            // One field.
            if i < n && p[i] == Self.quote {
                i += 1
                let contentStart = i
                var hasDoubledQuotes = false
                var closed = false
                while i < n {
                    if p[i] == Self.quote {
                        if i + 1 < n && p[i + 1] == Self.quote {
                            hasDoubledQuotes = true
                            i += 2
                            continue
                        }
                        if i + 1 == n && !final { return nil }
                        closed = true
                        break
                    }
                    i += 1
                }
                guard closed else {
                    if !final { return nil }
                    throw DataError(
                        .malformed, "a quoted field is never closed; check for a stray `\"`",
                        file: fileName, row: recordCount + 1)
                }
                if hasDoubledQuotes {
                    let first = unescaped.count
                    var k = contentStart
                    while k < i {
                        unescaped.append(p[k])
                        k += p[k] == Self.quote ? 2 : 1
                    }
                    spans.append(Span(start: first, end: unescaped.count, isUnescaped: true))
                } else {
                    spans.append(Span(start: contentStart, end: i, isUnescaped: false))
                }
                i += 1
                if i < n && p[i] != delimiter && p[i] != Self.newline
                    && p[i] != Self.carriageReturn
                {
                    throw DataError(
                        .malformed,
                        "text follows a closing quote; quote the whole field and double inner "
                            + "quotes", file: fileName, row: recordCount + 1, column:
                            header.flatMap { spans.count <= $0.count ? $0[spans.count - 1] : nil })
                }
            } else {
                let fieldStart = i
                while i < n {
                    let byte = p[i]
                    if byte == delimiter || byte == Self.newline || byte == Self.carriageReturn {
                        break
                    }
                    i += 1
                }
                spans.append(Span(start: fieldStart, end: i, isUnescaped: false))
            }

            // What ends the field: a delimiter, a line break, or the end of the input.
            if i == n { return final ? n : nil }
            let byte = p[i]
            if byte == delimiter {
                i += 1
                continue
            }
            if byte == Self.carriageReturn {
                if i + 1 == n && !final { return nil }
                return i + 1 < n && p[i + 1] == Self.newline ? i + 2 : i + 1
            }
            return i + 1
        }
    }
}
