/// The one error type of PropensityData: what went wrong, where, and what to try.
///
/// `file`, `row` (1-based data row, header excluded), `column` and `value` are set when they
/// are known; `description` joins them into one line a user can act on.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem this is, for callers that map errors to exit codes.
    public enum Code: String, Sendable, Equatable {
        /// The input file is missing or cannot be read.
        case unreadable
        /// The file uses a format feature this reader does not implement.
        case unsupported
        /// The file's bytes do not follow its format (truncated, corrupt, inconsistent).
        case malformed
        /// A column the caller asked for is not in the file.
        case missingColumn
        /// A value cannot be converted to what its column needs (number, time, non-null).
        case badValue
    }

    /// The kind of problem.
    public let code: Code
    /// What happened and what to try, without the place (see `description`).
    public let message: String
    /// File name (last path component) or path.
    public let file: String?
    /// 1-based data row (the header is not counted).
    public let row: Int?
    /// The column's name in the file.
    public let column: String?
    /// The offending value as text, when there is one.
    public let value: String?

    /// An error of kind `code`; `message` says what happened and what to try.
    public init(
        _ code: Code, _ message: String, file: String? = nil, row: Int? = nil,
        column: String? = nil, value: String? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.value = value
    }

    /// `file, row r, column `c`, value `v`: message`, with the parts that are known.
    public var description: String {
        var place: [String] = []
        if let file { place.append(file) }
        if let row { place.append("row \(row)") }
        if let column { place.append("column `\(column)`") }
        if let value { place.append("value `\(value)`") }
        return place.isEmpty ? message : place.joined(separator: ", ") + ": " + message
    }

    /// A copy with the file filled in when it was not known where the error was raised.
    func inFile(_ name: String) -> DataError {
        guard file == nil else { return self }
        return DataError(code, message, file: name, row: row, column: column, value: value)
    }

    /// A copy with the column filled in when it was not known where the error was raised.
    func inColumn(_ name: String) -> DataError {
        guard column == nil else { return self }
        return DataError(code, message, file: file, row: row, column: name, value: value)
    }

    /// A copy whose row is `rows` further down (for rows counted within part of a file).
    func movedDown(by rows: Int) -> DataError {
        guard let row, rows != 0 else { return self }
        return DataError(code, message, file: file, row: row + rows, column: column, value: value)
    }
}
