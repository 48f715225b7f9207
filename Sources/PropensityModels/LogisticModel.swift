import Foundation
import PropensitySamples

/// Settings of the logistic regression: scikit-learn's `LogisticRegression(C)` objective, with
/// `C` chosen on the validation split.
public struct LogisticSettings: Codable, Sendable, Equatable {
    /// Candidate inverse regularisation strengths `C` (the penalty is `||w||^2 / (2C)`); the
    /// fit keeps the one whose model has the lowest log loss on the validation rows. By
    /// default 1 down to 10^-6 in half decades: with a few hundred sparse share columns,
    /// C = 1 lets rare categories separate the training rows and pins scores at 0 and 1.
    public var inverseRegularizations: [Double] = (0...12).map { pow(10, -Double($0) / 2) }
    /// The candidates are fitted from the strongest penalty to the weakest; the search stops
    /// once this many in a row have a higher validation log loss than the best so far, since
    /// the loss rises steadily past its minimum and the weakest penalties cost the most Newton
    /// steps.
    public var patience = 2
    public var maxIterations = 100
    /// Stop when every gradient entry of the objective is below this times the row count.
    public var tolerance = 1e-10

    public init() {}

    /// Settings with a single `C`, which then needs no validation rows.
    public init(inverseRegularization: Double) {
        inverseRegularizations = [inverseRegularization]
    }
}

/// L2-regularised logistic regression on standardised features, fitted by Newton's method, its
/// penalty chosen on the validation split.
///
/// Each feature is clipped to the range it took on the training rows and standardised with
/// their mean and population deviation (1 where it is 0), `z = (clip(x) - mean) / deviation`;
/// then, with `p = sigmoid(b + w·z)`,
/// ```
/// minimise  sum_n [-y_n log p_n - (1 - y_n) log(1 - p_n)] + ||w||^2 / (2C)
/// ```
/// with the intercept `b` unpenalised, as scikit-learn's `LogisticRegression` states it.
/// Newton steps (gradient `Z^T (p - y) + w / C`, Hessian `Z^T diag(p(1-p)) Z + I / C`) with
/// step halving converge to the exact optimum, where scikit-learn's lbfgs stops at its
/// tolerance; scores agree to a few digits.
///
/// `C` is the candidate of `LogisticSettings.inverseRegularizations` with the lowest mean log
/// loss on the validation rows (searched from the strongest penalty, stopping `patience`
/// candidates past the best): log loss, not AUC, because the penalty mostly sets how
/// confident the probabilities are, which a ranking metric cannot see. The optimum obeys
/// `w = C Z^T (y - p)`, so `|w_c| <= C sum_n |z_nc| <= C N` for `N` training rows.
///
/// The clipping matters for rare category shares: a share seen on a handful of training rows
/// has a tiny deviation, and a scored customer with a large share would otherwise sit
/// hundreds of deviations out, where a linear model extrapolates to a score of 0 or 1.
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
        /// Each feature's training range, which scored values are clipped to (absent in
        /// models saved before clipping, which then score unclipped).
        var lower: [Double]?
        var upper: [Double]?
        /// Coefficients of the standardised features.
        var weights: [Double]
        var intercept: Double
        /// The chosen `C` (absent in models saved before it was chosen).
        var inverseRegularization: Double?

        var scaler: Scaler {
            Scaler(mean: mean, deviation: deviation, lower: lower, upper: upper)
        }
    }

    /// Per-feature training statistics: `z = (clip(x, lower, upper) - mean) / deviation`.
    struct Scaler: Equatable {
        var mean: [Double]
        /// Population deviation, 1 where it is 0.
        var deviation: [Double]
        /// Training minimum and maximum; nil scores unclipped.
        var lower: [Double]?
        var upper: [Double]?

        /// Statistics of the training rows.
        init(fitting x: FeatureMatrix) {
            let n = x.rowCount, f = x.columnCount
            var mean = [Double](repeating: 0, count: f)
            var lower = [Double](repeating: .infinity, count: f)
            var upper = [Double](repeating: -.infinity, count: f)
            for r in 0..<n {
                for c in 0..<f {
                    let v = x.values[r * f + c]
                    mean[c] += v
                    lower[c] = min(lower[c], v)
                    upper[c] = max(upper[c], v)
                }
            }
            mean = mean.map { $0 / Double(max(n, 1)) }
            var squares = [Double](repeating: 0, count: f)
            for r in 0..<n {
                for c in 0..<f {
                    let d = x.values[r * f + c] - mean[c]
                    squares[c] += d * d
                }
            }
            let deviation = squares.map { s -> Double in
                let sd = (s / Double(max(n, 1))).squareRoot()
                return sd > 0 ? sd : 1
            }
            self.init(mean: mean, deviation: deviation, lower: lower, upper: upper)
        }

        init(mean: [Double], deviation: [Double], lower: [Double]?, upper: [Double]?) {
            self.mean = mean
            self.deviation = deviation
            self.lower = lower
            self.upper = upper
        }

        /// One standardised value of feature `c`.
        @inline(__always)
        func z(_ value: Double, column c: Int) -> Double {
            var v = value
            if let lower, let upper { v = min(max(v, lower[c]), upper[c]) }
            return (v - mean[c]) / deviation[c]
        }

        /// `[N, F + 1]` row-major: the standardised features, then a constant 1 for the
        /// intercept.
        func standardise(_ x: FeatureMatrix) -> [Double] {
            let n = x.rowCount, f = x.columnCount
            var z = [Double](repeating: 1, count: n * (f + 1))
            for r in 0..<n {
                for c in 0..<f { z[r * (f + 1) + c] = self.z(x.values[r * f + c], column: c) }
            }
            return z
        }
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

    /// The `C` the fit chose on validation; nil before fitting.
    public var inverseRegularization: Double? { parameters?.inverseRegularization }

    // MARK: - Fitting

    @discardableResult
    public func fit(train: FeatureMatrix, validation: FeatureMatrix) throws -> TabularFitResult {
        try checkFitInput(train, validation, model: "logistic")
        let candidates = settings.inverseRegularizations
        guard !candidates.isEmpty, candidates.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ModelError(.invalidInput, """
                logistic: the candidate L2 strengths C (inverse regularisation) must be \
                positive numbers, got \(candidates)
                """)
        }
        guard candidates.count == 1 || validation.rowCount > 0 else {
            throw ModelError(.invalidInput, """
                logistic: no validation rows to choose the L2 penalty on; give validation rows \
                or a single inverse regularisation strength C
                """)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let scaler = Scaler(fitting: train)
        let z = scaler.standardise(train)
        let zValidation = scaler.standardise(validation)
        let width = train.columnCount + 1

        // Strongest penalty first, each fit starting from the previous optimum (a short path).
        var beta = [Double](repeating: 0, count: width)
        var best: (loss: Double, c: Double, beta: [Double])?
        var worse = 0
        for c in candidates.sorted() {
            beta = try newton(z, labels: train.labels, inverseRegularization: c, from: beta)
            let loss = candidates.count == 1
                ? 0 : Self.meanLogLoss(zValidation, labels: validation.labels, beta: beta)
            if best == nil || loss < best!.loss {
                best = (loss, c, beta)
                worse = 0
            } else {
                worse += 1
                if worse >= max(settings.patience, 1) { break }
            }
        }
        let chosen = best!
        let f = train.columnCount
        parameters = Parameters(
            names: train.names, mean: scaler.mean, deviation: scaler.deviation,
            lower: scaler.lower, upper: scaler.upper, weights: Array(chosen.beta[0..<f]),
            intercept: chosen.beta[f], inverseRegularization: chosen.c)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return TabularFitResult(fitSeconds: seconds, inverseRegularization: chosen.c)
    }

    /// Mean log loss of the rows of `z` (`[N, F + 1]`) under `beta`.
    static func meanLogLoss(_ z: [Double], labels: [Float], beta: [Double]) -> Double {
        guard !labels.isEmpty else { return .nan }
        return logLoss(z, labels: labels, beta: beta) / Double(labels.count)
    }

    /// Summed log loss, `sum_n log(1 + e^m_n) - y_n m_n` with margins `m = z · beta`.
    static func logLoss(_ z: [Double], labels: [Float], beta: [Double]) -> Double {
        let width = beta.count
        var loss = 0.0
        for r in 0..<labels.count {
            var margin = 0.0
            for c in 0..<width { margin += z[r * width + c] * beta[c] }
            // log(1 + e^m) - y m, computed without overflow.
            let softplus = margin > 0 ? margin + log1p(exp(-margin)) : log1p(exp(margin))
            loss += softplus - Double(labels[r]) * margin
        }
        return loss
    }

    /// The regularised objective at `beta` (`F` weights then the intercept).
    static func objective(
        _ z: [Double], labels: [Float], beta: [Double], inverseRegularization: Double
    ) -> Double {
        var penalty = 0.0
        for c in 0..<(beta.count - 1) { penalty += beta[c] * beta[c] }
        return logLoss(z, labels: labels, beta: beta) + penalty / (2 * inverseRegularization)
    }

    /// Newton's method with step halving from `start` (`F` weights then the intercept).
    ///
    /// - Returns: the optimum's `F` weights then its intercept.
    func newton(
        _ z: [Double], labels: [Float], inverseRegularization: Double, from start: [Double]
    ) throws -> [Double] {
        let n = labels.count, width = start.count, f = width - 1
        let lambda = 1 / inverseRegularization
        var beta = start
        func objective(_ beta: [Double]) -> Double {
            Self.objective(
                z, labels: labels, beta: beta, inverseRegularization: inverseRegularization)
        }
        var current = objective(beta)
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
                let value = objective(trial)
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
        return beta
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
        let scaler = p.scaler
        let f = features.columnCount
        return (0..<features.rowCount).map { r in
            var margin = p.intercept
            for c in 0..<f {
                margin += p.weights[c] * scaler.z(features.values[r * f + c], column: c)
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
