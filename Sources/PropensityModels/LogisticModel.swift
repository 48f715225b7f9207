import Foundation
import PropensitySamples

/// Settings of the logistic regression: scikit-learn's `LogisticRegression(C=1)` objective.
public struct LogisticSettings: Codable, Sendable, Equatable {
    /// Inverse regularisation strength: the penalty is `||w||^2 / (2C)`.
    public var inverseRegularization = 1.0
    public var maxIterations = 100
    /// Stop when every gradient entry of the objective is below this times the row count.
    public var tolerance = 1e-10

    public init() {}
}

/// L2-regularised logistic regression on standardised features, fitted by Newton's method.
///
/// Each feature is standardised with the training rows' mean and population deviation (1
/// where it is 0), `z = (x - mean) / deviation`; then, with `p = sigmoid(b + w·z)`,
/// ```
/// minimise  sum_n [-y_n log p_n - (1 - y_n) log(1 - p_n)] + ||w||^2 / (2C)
/// ```
/// with the intercept `b` unpenalised, as scikit-learn's `LogisticRegression` states it.
/// Newton steps (gradient `Z^T (p - y) + w / C`, Hessian `Z^T diag(p(1-p)) Z + I / C`) with
/// step halving converge to the exact optimum, where scikit-learn's lbfgs stops at its
/// tolerance; scores agree to a few digits.
public final class LogisticModel: TabularModel {
    public var kind: BaselineKind { .logistic }
    public let settings: LogisticSettings
    var parameters: Parameters?

    /// The fitted scaler and coefficients.
    struct Parameters: Codable {
        var kind = BaselineKind.logistic
        var names: [String]
        var mean: [Double]
        var deviation: [Double]
        /// Coefficients of the standardised features.
        var weights: [Double]
        var intercept: Double
    }

    public init(settings: LogisticSettings = LogisticSettings()) {
        self.settings = settings
    }

    init(saved data: Data) throws {
        guard let parameters = try? JSONDecoder().decode(Parameters.self, from: data),
              parameters.kind == .logistic,
              parameters.weights.count == parameters.names.count
        else {
            throw ModelError(.invalidSavedModel, "these bytes are not a saved logistic model")
        }
        settings = LogisticSettings()
        self.parameters = parameters
    }

    /// Coefficients of the standardised features and the intercept; nil before fitting.
    public var coefficients: (weights: [Double], intercept: Double)? {
        parameters.map { ($0.weights, $0.intercept) }
    }

    // MARK: - Fitting

    @discardableResult
    public func fit(train: FeatureMatrix, validation: FeatureMatrix) throws -> TabularFitResult {
        try checkFitInput(train, validation, model: "logistic")
        let start = DispatchTime.now().uptimeNanoseconds
        let (mean, deviation) = Self.standardScaler(train)
        let z = Self.standardise(train, mean: mean, deviation: deviation)
        let (weights, intercept) = try newton(z, labels: train.labels, width: train.columnCount)
        parameters = Parameters(names: train.names, mean: mean, deviation: deviation,
                                weights: weights, intercept: intercept)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return TabularFitResult(fitSeconds: seconds)
    }

    /// Per column mean and population deviation (1 where the deviation is 0).
    static func standardScaler(_ x: FeatureMatrix) -> (mean: [Double], deviation: [Double]) {
        let n = x.rowCount, f = x.columnCount
        var mean = [Double](repeating: 0, count: f)
        for r in 0..<n { for c in 0..<f { mean[c] += x.values[r * f + c] } }
        mean = mean.map { $0 / Double(n) }
        var squares = [Double](repeating: 0, count: f)
        for r in 0..<n {
            for c in 0..<f {
                let d = x.values[r * f + c] - mean[c]
                squares[c] += d * d
            }
        }
        let deviation = squares.map { s -> Double in
            let sd = (s / Double(n)).squareRoot()
            return sd > 0 ? sd : 1
        }
        return (mean, deviation)
    }

    /// `[N, F + 1]` row-major: the standardised features, then a constant 1 for the intercept.
    static func standardise(_ x: FeatureMatrix, mean: [Double], deviation: [Double])
        -> [Double]
    {
        let n = x.rowCount, f = x.columnCount
        var z = [Double](repeating: 1, count: n * (f + 1))
        for r in 0..<n {
            for c in 0..<f { z[r * (f + 1) + c] = (x.values[r * f + c] - mean[c]) / deviation[c] }
        }
        return z
    }

    /// The regularised objective at `beta` (`F` weights then the intercept).
    func objective(_ z: [Double], labels: [Float], beta: [Double]) -> Double {
        let width = beta.count
        var loss = 0.0
        for r in 0..<labels.count {
            var margin = 0.0
            for c in 0..<width { margin += z[r * width + c] * beta[c] }
            // log(1 + e^m) - y m, computed without overflow.
            let softplus = margin > 0 ? margin + log1p(exp(-margin)) : log1p(exp(margin))
            loss += softplus - Double(labels[r]) * margin
        }
        var penalty = 0.0
        for c in 0..<(width - 1) { penalty += beta[c] * beta[c] }
        return loss + penalty / (2 * settings.inverseRegularization)
    }

    /// Newton's method with step halving from zero coefficients.
    func newton(_ z: [Double], labels: [Float], width f: Int) throws
        -> (weights: [Double], intercept: Double)
    {
        let n = labels.count, width = f + 1
        let lambda = 1 / settings.inverseRegularization
        var beta = [Double](repeating: 0, count: width)
        var current = objective(z, labels: labels, beta: beta)
        for _ in 0..<settings.maxIterations {
            // Gradient and Hessian (upper triangle, then mirrored).
            var gradient = [Double](repeating: 0, count: width)
            var hessian = [Double](repeating: 0, count: width * width)
            z.withUnsafeBufferPointer { z in
                gradient.withUnsafeMutableBufferPointer { g in
                    hessian.withUnsafeMutableBufferPointer { h in
                        for r in 0..<n {
                            let row = z.baseAddress! + r * width
                            var margin = 0.0
                            for c in 0..<width { margin += row[c] * beta[c] }
                            let p = 1 / (1 + exp(-margin))
                            let residual = p - Double(labels[r])
                            let curvature = p * (1 - p)
                            for c in 0..<width {
                                let zc = row[c]
                                g[c] += residual * zc
                                let scaled = curvature * zc
                                let target = h.baseAddress! + c * width
                                for d in c..<width { target[d] += scaled * row[d] }
                            }
                        }
                    }
                }
            }
            for c in 0..<f {
                gradient[c] += lambda * beta[c]
                hessian[c * width + c] += lambda
            }
            for c in 0..<width {
                for d in 0..<c { hessian[c * width + d] = hessian[d * width + c] }
            }
            let largest = gradient.map(abs).max() ?? 0
            guard largest.isFinite else {
                throw ModelError(.notConverged, "logistic: the gradient is not finite; check "
                                 + "the features for infinite values")
            }
            if largest <= settings.tolerance * Double(max(n, 1)) { break }

            // Newton direction, then halve the step until the objective decreases.
            let direction = try Self.solve(hessian, gradient, size: width)
            var step = 1.0
            var accepted = false
            while step > 1e-10 {
                let trial = zip(beta, direction).map { $0 - step * $1 }
                let value = objective(z, labels: labels, beta: trial)
                if value <= current {
                    beta = trial
                    current = value
                    accepted = true
                    break
                }
                step /= 2
            }
            if !accepted { break }
        }
        return (Array(beta[0..<f]), beta[f])
    }

    /// Solves `A x = b` for a symmetric positive definite `A` by Cholesky factorisation.
    static func solve(_ a: [Double], _ b: [Double], size m: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0...i {
                var sum = a[i * m + j]
                for k in 0..<j { sum -= l[i * m + k] * l[j * m + k] }
                if i == j {
                    guard sum > 0 else {
                        throw ModelError(.notConverged, """
                            logistic: the Hessian is not positive definite (pivot \(i)); a \
                            feature may be constant with no regularisation
                            """)
                    }
                    l[i * m + i] = sum.squareRoot()
                } else {
                    l[i * m + j] = sum / l[j * m + j]
                }
            }
        }
        var y = b
        for i in 0..<m {
            for k in 0..<i { y[i] -= l[i * m + k] * y[k] }
            y[i] /= l[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            for k in (i + 1)..<m { y[i] -= l[k * m + i] * y[k] }
            y[i] /= l[i * m + i]
        }
        return y
    }

    // MARK: - Scoring

    public func predict(_ features: FeatureMatrix) throws -> [Float] {
        try checkColumns(features, fitted: parameters?.names, model: "logistic")
        let p = parameters!
        let f = features.columnCount
        return (0..<features.rowCount).map { r in
            var margin = p.intercept
            for c in 0..<f {
                margin += p.weights[c] * (features.values[r * f + c] - p.mean[c]) / p.deviation[c]
            }
            return Float(1 / (1 + exp(-margin)))
        }
    }

    /// Features by the size of their coefficient on the standardised scale, largest first.
    public func importance() throws -> [FeatureImportance] {
        guard let p = parameters else {
            throw ModelError(.notFitted, "logistic must be fitted before its importance is read")
        }
        return zip(p.names, p.weights).map { FeatureImportance(feature: $0, value: abs($1)) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.feature < $1.feature }
    }

    public func saved() throws -> Data {
        guard let parameters else {
            throw ModelError(.notFitted, "logistic must be fitted before it is saved")
        }
        return try JSONEncoder().encode(parameters)
    }
}
