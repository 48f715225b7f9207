/// Mean, sample standard deviation, minimum and maximum of one metric over several seeds or
/// cutoffs: the spread a rolling backtest reports, since one cutoff is one noisy draw.
public struct Spread: Codable, Sendable, Equatable {
    /// Finite values summarised; NaNs (undefined metrics) are left out.
    public var count: Int
    public var mean: Double
    /// Standard deviation with `n - 1` in the denominator; 0 for one value.
    public var sd: Double
    public var min: Double
    public var max: Double

    /// - Returns: NaN mean, sd, min and max when no value is finite.
    public init(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        count = finite.count
        guard !finite.isEmpty else {
            (mean, sd, min, max) = (.nan, .nan, .nan, .nan)
            return
        }
        let m = finite.reduce(0, +) / Double(finite.count)
        mean = m
        if finite.count > 1 {
            let squares = finite.reduce(0.0) { $0 + ($1 - m) * ($1 - m) }
            sd = (squares / Double(finite.count - 1)).squareRoot()
        } else {
            sd = 0
        }
        min = finite.min()!
        max = finite.max()!
    }
}
