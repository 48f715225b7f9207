/// Builders that collect one column's values page by page into a typed array.
///
/// A page's non-null values are appended first; when the page has nulls, `spread` then moves
/// them, back to front and in place, to their rows and fills the gaps with a placeholder.
protocol ParquetColumnBuilder {
    /// Values written so far, nulls included.
    var count: Int { get }
    /// Entries of the current dictionary page, 0 when there is none.
    var dictionaryCount: Int { get }
    mutating func setDictionary(plain bytes: UnsafeRawBufferPointer, count: Int) throws
    mutating func appendPlain(_ bytes: UnsafeRawBufferPointer, count: Int) throws
    /// Appends RLE-encoded values, which Parquet allows for booleans only.
    mutating func appendRLE(_ bytes: UnsafeRawBufferPointer, count: Int) throws
    /// Appends DELTA_BINARY_PACKED integers (INT32 and INT64 columns only).
    mutating func appendIntegers(_ values: [Int64]) throws
    /// Appends dictionary entries; indices were checked against `dictionaryCount`.
    mutating func appendDictionary(_ indices: UnsafeBufferPointer<UInt32>)
    /// Turns the last `present` appended values into `levels.count` rows, null where
    /// `levels[i] != maxLevel`.
    mutating func spread(present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32)
}

extension ParquetColumnBuilder {
    mutating func appendRLE(_ bytes: UnsafeRawBufferPointer, count: Int) throws {
        throw DataError(.unsupported, "RLE-encoded values in a non-boolean column")
    }

    mutating func appendIntegers(_ values: [Int64]) throws {
        throw DataError(.unsupported, "DELTA_BINARY_PACKED values in a non-integer column")
    }
}
