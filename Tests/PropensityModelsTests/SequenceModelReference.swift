import Foundation
import NeuralEngine
import PropensityModels
import PropensitySamples

/// The models written from METHOD.md in Double, the way the PyTorch reference computes them:
/// on the left-padded `[N, L, C]` batch, convolutions over all `L` steps with the padding
/// re-zeroed by the category mask, a max-pool over aligned pairs of the (even) padded length,
/// then the LSTM over the valid steps moved to the front, from a zero state.
struct SequenceModelReference {
    var tensors: [String: [Double]]
    var kind: ModelKind

    init(_ model: SequenceModel) {
        kind = model.kind
        tensors = Dictionary(
            uniqueKeysWithValues: model.parameters.map { ($0.name, $0.value.map(Double.init)) })
    }

    func logits(_ data: EncodedSequences, samples: [Int]) -> [Double] {
        samples.map { logit(data, sample: $0) }
    }

    func meanLoss(_ data: EncodedSequences, samples: [Int]) -> Double {
        let z = logits(data, samples: samples)
        return zip(z, samples).map { z, s in
            let y = Double(data.labels[s])
            return max(z, 0) - z * y + log1p(exp(-abs(z)))
        }.reduce(0, +) / Double(samples.count)
    }

    func logit(_ data: EncodedSequences, sample n: Int) -> Double {
        let l = data.maxLength
        var x: [[Double]] = (0..<l).map { t in
            var row = [Double]()
            for level in 0..<3 {
                let id = Int(data.categories[(n * l + t) * 3 + level])
                let table = tensors["embeddings.\(level).weight"]!
                row += table[(id * 16)..<(id * 16 + 16)]
            }
            return row + data.numbers[((n * l + t) * 6)..<((n * l + t) * 6 + 6)].map(Double.init)
        }
        var length = Int(data.lengths[n])
        if kind == .cnnLSTM {
            precondition(l % 2 == 0, "the padded reference needs an even maxLength")
            let mask = (0..<l).map { data.categories[(n * l + $0) * 3] > 0 ? 1.0 : 0.0 }
            for name in ["conv1", "conv2"] {
                let w = tensors["\(name).weight"]!, b = tensors["\(name).bias"]!
                let c = x[0].count
                x = (0..<l).map { t in
                    (0..<b.count).map { o in
                        var sum = b[o]
                        for k in 0..<3 where t + k - 1 >= 0 && t + k - 1 < l {
                            for ci in 0..<c { sum += w[(o * c + ci) * 3 + k] * x[t + k - 1][ci] }
                        }
                        return max(sum, 0) * mask[t]
                    }
                }
            }
            x = (0..<(l / 2)).map { j in zip(x[2 * j], x[2 * j + 1]).map { max($0, $1) } }
            length = (length + 1) / 2
        }
        let steps = Array(x[(x.count - length)...])
        let wih = tensors["lstm.weight_ih_l0"]!, whh = tensors["lstm.weight_hh_l0"]!
        let bih = tensors["lstm.bias_ih_l0"]!, bhh = tensors["lstm.bias_hh_l0"]!
        let h = 64, c = x[0].count
        var hidden = [Double](repeating: 0, count: h), cell = hidden
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        for step in steps {
            var pre = [Double](repeating: 0, count: 4 * h)
            for g in 0..<(4 * h) {
                var sum = bih[g] + bhh[g]
                for j in 0..<c { sum += wih[g * c + j] * step[j] }
                for j in 0..<h { sum += whh[g * h + j] * hidden[j] }
                pre[g] = sum
            }
            for j in 0..<h {
                cell[j] = sigmoid(pre[h + j]) * cell[j] + sigmoid(pre[j]) * tanh(pre[2 * h + j])
                hidden[j] = sigmoid(pre[3 * h + j]) * tanh(cell[j])
            }
        }
        let w = tensors["out.weight"]!, b = tensors["out.bias"]!
        return b[0] + (0..<h).reduce(0) { $0 + w[$1] * hidden[$1] }
    }
}

/// Random left-padded histories: ids in 1..<V per level, numbers N(0, 1), zero padding.
func randomSequences(
    lengths: [Int], maxLength: Int, vocabularySizes: [Int], seed: UInt64
) -> EncodedSequences {
    var generator = SeededGenerator(seed: seed)
    let count = lengths.count
    var categories = [Int32](repeating: 0, count: count * maxLength * 3)
    var numbers = [Float](repeating: 0, count: count * maxLength * 6)
    for (n, length) in lengths.enumerated() {
        for t in (maxLength - length)..<maxLength {
            for level in 0..<3 {
                categories[(n * maxLength + t) * 3 + level] =
                    1 + Int32(generator.next() % UInt64(vocabularySizes[level] - 1))
            }
            for j in 0..<6 { numbers[(n * maxLength + t) * 6 + j] = generator.normal() }
        }
    }
    return EncodedSequences(
        maxLength: maxLength, categories: categories, numbers: numbers,
        lengths: lengths.map(Int32.init), labels: (0..<count).map { Float($0 % 2) })
}

/// The single history `n` of `data`, re-encoded with `maxLength` steps.
func single(_ data: EncodedSequences, _ n: Int, maxLength: Int) -> EncodedSequences {
    let l = data.maxLength, length = Int(data.lengths[n])
    precondition(maxLength >= length)
    var categories = [Int32](repeating: 0, count: maxLength * 3)
    var numbers = [Float](repeating: 0, count: maxLength * 6)
    for t in 0..<length {
        let source = n * l + l - length + t, target = maxLength - length + t
        for j in 0..<3 { categories[target * 3 + j] = data.categories[source * 3 + j] }
        for j in 0..<6 { numbers[target * 6 + j] = data.numbers[source * 6 + j] }
    }
    return EncodedSequences(
        maxLength: maxLength, categories: categories, numbers: numbers,
        lengths: [Int32(length)], labels: [data.labels[n]])
}
