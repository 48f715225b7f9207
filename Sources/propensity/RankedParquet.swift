import Foundation
import PropensityData

/// The ranked target list as Parquet, beside the CSV `run` and `score` write: the same rows
/// in the same order, for tools that read columnar files (Spark, pandas, DuckDB).
enum RankedParquet {
    /// Writes `user` (INT64), `score` (DOUBLE, the Float score widened exactly),
    /// `probability` (DOUBLE; left out when no calibration is known), `rank` and `decile`
    /// (INT64), best first.
    ///
    /// - Parameters:
    ///   - order: indices into `users` and `scores`, best first; the first `rows` are written.
    ///   - probability: the calibrated probability of the user at an index, or nil for none.
    static func write(
        users: [Int64], scores: [Float], order: [Int], rows: Int,
        probability: ((Int) -> Double)?, to url: URL
    ) throws {
        let shown = order.prefix(rows)
        var columns: [ParquetWriter.Column] = [
            .int64("user", shown.map { users[$0] }),
            .double("score", shown.map { Double(scores[$0]) }),
        ]
        if let probability { columns.append(.double("probability", shown.map(probability))) }
        columns.append(.int64("rank", (0..<shown.count).map { Int64($0 + 1) }))
        columns.append(.int64("decile", (0..<shown.count).map {
            Int64($0 * 10 / max(order.count, 1) + 1)
        }))
        let writer = try ParquetWriter(url: url)
        try writer.append(columns)
        try writer.close()
    }
}
