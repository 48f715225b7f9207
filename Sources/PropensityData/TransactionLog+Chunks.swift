import Foundation

extension TransactionLog {
    /// Reads a transaction file, or a directory of part files, handing the rows to `body` in
    /// chunks, so memory stays near one chunk however large the input.
    ///
    /// Delimited text is cut every `chunkRows` rows; a Parquet file is read a few row groups
    /// at a time (as many as fit in `chunkRows`, at least one). Derived baskets are numbered
    /// across all chunks, exactly as `load` numbers them.
    ///
    /// - Throws: as `load(_:columns:options:rejects:)`; errors thrown by `body` pass through.
    public static func forEachChunk(
        _ url: URL, columns: TransactionColumns, options: LoadOptions, chunkRows: Int,
        rejects: inout [RejectedRow], _ body: (TransactionTable) throws -> Void
    ) throws {
        precondition(chunkRows > 0, "chunkRows must be positive")
        let numbering = OccasionNumbering()
        for file in try TableFormat.parts(of: url) ?? [url] {
            switch try TableFormat.of(file) {
            case .parquet:
                try forEachParquetChunk(
                    file, columns, options, chunkRows: chunkRows, rejects: &rejects,
                    numbering: numbering, body)
            case .delimited(let delimiter):
                try loadDelimited(
                    file, columns, delimiter, options, &rejects, chunkRows: chunkRows,
                    numbering: numbering, emit: body)
            }
        }
    }
}
