/// How loaders treat times and bad rows.
public struct LoadOptions: Sendable, Equatable {
    /// What to do with a row that cannot be read (null where a value is needed, a number or
    /// time that does not parse).
    public enum BadRowPolicy: String, Sendable, Equatable, Codable {
        /// The first bad row stops the load with an error naming file, row, column and value.
        case fail
        /// Bad rows are left out and reported as `RejectedRow`s.
        case skip
    }

    public var time: TimeSettings
    public var onBadRow: BadRowPolicy

    public init(time: TimeSettings = TimeSettings(), onBadRow: BadRowPolicy = .fail) {
        self.time = time
        self.onBadRow = onBadRow
    }
}

/// A row left out under `LoadOptions.BadRowPolicy.skip`: where it was, why, and its fields.
public struct RejectedRow: Sendable, Equatable {
    /// File, 1-based row, column, value and the reason (`message`).
    public var error: DataError
    /// The row's fields as text, for delimited input (nil for Parquet).
    public var fields: [String?]?

    public init(error: DataError, fields: [String?]? = nil) {
        self.error = error
        self.fields = fields
    }
}
