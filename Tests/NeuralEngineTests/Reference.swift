import Foundation
import NeuralEngine

/// Plain Double implementations of each layer on one sequence at a time, written from the
/// definitions (no packing, no BLAS), to check the engine's forward values and, through
/// central finite differences, its gradients.
enum Reference {
    /// `[T, C]` rows -> `[T, C']` with zero padding at both ends.
    static func conv(
        _ x: [[Double]], weight w: [Double], bias: [Double], inputChannels c: Int
    ) -> [[Double]] {
        let o = bias.count, t = x.count
        return (0..<t).map { step in
            (0..<o).map { oi in
                var sum = bias[oi]
                for k in 0..<3 {
                    let source = step + k - 1
                    if source < 0 || source >= t { continue }
                    for ci in 0..<c { sum += w[(oi * c + ci) * 3 + k] * x[source][ci] }
                }
                return sum
            }
        }
    }

    /// Pairs ending at the latest step; an odd oldest step stands alone.
    static func pool(_ x: [[Double]]) -> [[Double]] {
        let n = x.count, p = (n + 1) / 2
        return (0..<p).map { j in
            let later = n - 2 * (p - j) + 1
            if later - 1 < 0 { return x[later] }
            return zip(x[later - 1], x[later]).map { max($0, $1) }
        }
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// Last hidden state of a one-layer LSTM from a zero state; gates i, f, g, o.
    static func lstm(
        _ x: [[Double]], weightIH: [Double], weightHH: [Double], biasIH: [Double],
        biasHH: [Double], hiddenSize h: Int
    ) -> [Double] {
        let c = x.first?.count ?? 0
        var hidden = [Double](repeating: 0, count: h)
        var cell = [Double](repeating: 0, count: h)
        for step in x {
            var pre = [Double](repeating: 0, count: 4 * h)
            for g in 0..<(4 * h) {
                var sum = biasIH[g] + biasHH[g]
                for j in 0..<c { sum += weightIH[g * c + j] * step[j] }
                for j in 0..<h { sum += weightHH[g * h + j] * hidden[j] }
                pre[g] = sum
            }
            for j in 0..<h {
                let i = sigmoid(pre[j]), f = sigmoid(pre[h + j])
                let gg = tanh(pre[2 * h + j]), o = sigmoid(pre[3 * h + j])
                cell[j] = f * cell[j] + i * gg
                hidden[j] = o * tanh(cell[j])
            }
        }
        return hidden
    }

    /// `y = x W^T + b` for one row.
    static func linear(_ x: [Double], weight: [Double], bias: [Double]) -> [Double] {
        bias.indices.map { o in
            bias[o] + x.indices.reduce(0) { $0 + weight[o * x.count + $1] * x[$1] }
        }
    }
}

/// Central finite differences of `f` at `x` in Double, step `h`.
func finiteDifference(_ x: [Double], h: Double = 1e-5, _ f: ([Double]) -> Double) -> [Double] {
    x.indices.map { i in
        var plus = x, minus = x
        plus[i] += h
        minus[i] -= h
        return (f(plus) - f(minus)) / (2 * h)
    }
}

/// Checks `actual` against `expected` within `absolute + relative * |expected|`, reporting
/// the worst element, its index and the tolerance.
func worstMismatch(
    _ actual: [Float], _ expected: [Double], absolute: Double = 1e-4, relative: Double = 1e-3
) -> String? {
    precondition(actual.count == expected.count, "\(actual.count) vs \(expected.count) values")
    var worst: (excess: Double, index: Int)? = nil
    for i in actual.indices {
        let error = abs(Double(actual[i]) - expected[i])
        let tolerance = absolute + relative * abs(expected[i])
        if error > tolerance, error - tolerance > (worst?.excess ?? 0) {
            worst = (error - tolerance, i)
        }
    }
    guard let worst else { return nil }
    let i = worst.index
    return "worst element \(i): \(actual[i]) vs \(expected[i]) "
        + "(tolerance \(absolute) + \(relative) * |expected|)"
}

/// Random floats in [-scale, scale) from a seeded generator.
func randomValues(_ count: Int, scale: Float = 1, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in generator.uniform(-scale, scale) }
}

/// Packs per-sequence `[T, C]` rows into a packed matrix of `layout`.
func pack(_ sequences: [[[Float]]], channels: Int) -> (SequenceLayout, [Float]) {
    let layout = SequenceLayout(lengths: sequences.map(\.count))
    var packed = [Float](repeating: 0, count: layout.rowCount * channels)
    for (i, sequence) in sequences.enumerated() {
        for (t, row) in sequence.enumerated() {
            for c in 0..<channels { packed[(layout.offsets[i] + t) * channels + c] = row[c] }
        }
    }
    return (layout, packed)
}

/// The rows of sequence `i` from a packed matrix.
func unpack(_ packed: [Float], layout: SequenceLayout, sequence i: Int, channels: Int)
    -> [[Float]]
{
    (0..<layout.lengths[i]).map { t in
        let start = (layout.offsets[i] + t) * channels
        return Array(packed[start..<(start + channels)])
    }
}
