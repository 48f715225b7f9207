/// A dense table of numeric features, one row per sample, with the samples' labels.
///
/// Shape: `values` is `[N, F]` row-major (`N = rowCount` samples, `F = names.count`
/// features); `labels` is `[N]` in {0, 1}.
public struct FeatureMatrix: Sendable, Equatable {
    /// Column names, in order.
    public var names: [String]
    /// `values[n * F + f]`: feature `f` of row `n`.
    public var values: [Double]
    /// 1 for a positive sample, 0 otherwise.
    public var labels: [Float]

    /// `N`: number of rows.
    public var rowCount: Int { labels.count }
    /// `F`: number of columns.
    public var columnCount: Int { names.count }

    public init(names: [String], values: [Double], labels: [Float]) {
        precondition(values.count == labels.count * names.count,
                     "FeatureMatrix: \(values.count) values for \(labels.count) rows and "
                     + "\(names.count) columns")
        self.names = names
        self.values = values
        self.labels = labels
    }

    /// The value of feature `column` in row `row`.
    public subscript(row: Int, column: Int) -> Double {
        values[row * names.count + column]
    }

    /// Every row's value of the named feature, or nil when there is no such column.
    public func column(named name: String) -> [Double]? {
        guard let f = names.firstIndex(of: name) else { return nil }
        return (0..<rowCount).map { self[$0, f] }
    }

    /// The rows at `indices`, in that order.
    public func rows(_ indices: [Int]) -> FeatureMatrix {
        let width = names.count
        var picked: [Double] = []
        picked.reserveCapacity(indices.count * width)
        for n in indices { picked += values[(n * width)..<((n + 1) * width)] }
        return FeatureMatrix(names: names, values: picked, labels: indices.map { labels[$0] })
    }
}
