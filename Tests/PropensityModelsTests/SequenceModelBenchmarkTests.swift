import Foundation
import NeuralEngine
import PropensitySamples
import Testing

import PropensityModels

/// Speed of training and scoring on random histories with realistic lengths. Runs only when
/// `PROPENSITY_BENCH=1` (use a release build: `swift test -c release --filter Benchmark`);
/// prints one line per setting.
@Suite struct SequenceModelBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["PROPENSITY_BENCH"] == "1"

    /// Random encoded histories: 80 % of full length 256, the rest 10...255 steps.
    static func randomData(count: Int, maxLength: Int = 256, seed: UInt64) -> EncodedSequences {
        var generator = SeededGenerator(seed: seed)
        let vocabularies: [Int32] = [30, 293, 1882]
        var categories = [Int32](repeating: 0, count: count * maxLength * 3)
        var numbers = [Float](repeating: 0, count: count * maxLength * 6)
        var lengths = [Int32]()
        var labels = [Float]()
        for sample in 0..<count {
            let full = generator.nextUnitDouble() < 0.8
            let n = full ? maxLength : 10 + Int(generator.next() % UInt64(maxLength - 10))
            lengths.append(Int32(n))
            labels.append(Float(sample % 2))
            for t in (maxLength - n)..<maxLength {
                for level in 0..<3 {
                    let v = vocabularies[level]
                    categories[(sample * maxLength + t) * 3 + level] =
                        1 + Int32(generator.next() % UInt64(v - 1))
                }
                for j in 0..<6 { numbers[(sample * maxLength + t) * 6 + j] = generator.normal() }
            }
        }
        return EncodedSequences(
            maxLength: maxLength, categories: categories, numbers: numbers, lengths: lengths,
            labels: labels)
    }

    @Test(.enabled(if: enabled)) func reportTrainingAndScoringSpeed() {
        let data = Self.randomData(count: 1024, seed: 7)
        let env = ProcessInfo.processInfo.environment
        let steps = Int(env["PROPENSITY_BENCH_STEPS"] ?? "") ?? 40
        let kinds = env["PROPENSITY_BENCH_KIND"].map { [ModelKind(rawValue: $0)!] }
        let threadCounts = env["PROPENSITY_BENCH_THREADS"].map { [Int($0)!] } ?? [1, 2]
        let batches = env["PROPENSITY_BENCH_BATCH"].map { [Int($0)!] } ?? [64, 256]
        for kind in kinds ?? ModelKind.allCases {
            for threads in threadCounts {
                for batch in batches {
                    let model = SequenceModel(
                        kind: kind, vocabularySizes: [30, 293, 1882], seed: 0,
                        threadCount: threads)
                    var adam = Adam()
                    var generator = SeededGenerator(seed: 1)
                    let order = Array(0..<data.count).shuffled(using: &generator)
                    func batchIndices(_ step: Int) -> [Int] {
                        (0..<batch).map { order[(step * batch + $0) % order.count] }
                    }
                    for step in 0..<3 {
                        _ = model.trainStep(data, indices: batchIndices(step), optimizer: &adam)
                    }
                    let t0 = Date()
                    let timedSteps = max(2, steps * 64 / batch)
                    for step in 0..<timedSteps {
                        _ = model.trainStep(data, indices: batchIndices(step), optimizer: &adam)
                    }
                    let train = Double(timedSteps * batch) / Date().timeIntervalSince(t0)
                    _ = model.probabilities(data, batchSize: batch)
                    let t1 = Date()
                    _ = model.probabilities(data, batchSize: batch)
                    _ = model.probabilities(data, batchSize: batch)
                    let score = Double(2 * data.count) / Date().timeIntervalSince(t1)
                    print(
                        "bench \(kind.rawValue) threads \(threads) batch \(batch): "
                            + "train \(Int(train)) samples/s, score \(Int(score)) histories/s")
                }
            }
        }
    }
}
