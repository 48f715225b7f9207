/// Parses CSV fields into numbers and times, throwing `DataError` with the place on failure.
struct FieldParser {
    let file: String
    let header: [String]
    var time = TimeParser(TimeSettings())

    private func failure(
        _ record: CSVRecord, _ index: Int, _ what: String
    ) -> DataError {
        let field = record.bytes(index)
        let message = field.isEmpty
            ? "empty where \(what) is needed; fill it in or drop the row"
            : "not \(what); fix the value or map another column"
        return DataError(
            .badValue, message, file: file, row: record.number, column: header[index],
            value: field.isEmpty ? nil : String(decoding: field, as: UTF8.self))
    }

    func int64(_ record: CSVRecord, _ index: Int, null: Int64? = nil) throws -> Int64 {
        let field = record.bytes(index)
        if field.isEmpty, let null { return null }
        guard let value = TextValueParser.int64(field) else {
            throw failure(record, index, "an integer")
        }
        return value
    }

    func double(_ record: CSVRecord, _ index: Int, null: Double? = nil) throws -> Double {
        let field = record.bytes(index)
        if field.isEmpty, let null { return null }
        guard let value = TextValueParser.double(field) else {
            throw failure(record, index, "a number")
        }
        return value
    }

    func time(_ record: CSVRecord, _ index: Int) throws -> Int64 {
        guard let value = time.parse(record.bytes(index)) else {
            throw failure(record, index, time.expectation)
        }
        return value
    }
}
