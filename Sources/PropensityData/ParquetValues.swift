/// The values of a column, one per row, typed by the physical type.
///
/// Null rows hold a placeholder (0, false or an empty byte array); `ParquetColumn.validity`
/// says which rows they are.
public enum ParquetValues: Sendable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case byteArray(ByteArrayColumn)
    /// INT96 timestamps converted to microseconds since 1970-01-01 (as written, no zone).
    case int96Timestamp([Int64])

    /// Number of rows.
    public var count: Int {
        switch self {
        case .boolean(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .float(let v): v.count
        case .double(let v): v.count
        case .byteArray(let v): v.count
        case .int96Timestamp(let v): v.count
        }
    }
}
