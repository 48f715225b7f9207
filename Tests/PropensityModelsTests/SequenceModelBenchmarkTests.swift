import Foundation
import NeuralEngine
import PropensityModels
import PropensitySamples
import Testing

/// Speed of training and scoring on random histories with realistic lengths. Runs only when
/// `PROPENSITY_BENCH=1`, in a release build:
///
///     PROPENSITY_BENCH=1 swift test -c release --filter SequenceModelBenchmark
///
/// Prints one line per model, thread count and batch size: the best and the median of
/// `PROPENSITY_BENCH_REPEATS` (5) timed rounds, since other work on the machine slows single
/// rounds. `PROPENSITY_BENCH_KIND`, `_THREADS`, `_BATCH` narrow the grid; `_STEPS` (40) sets
/// the optimizer steps of batch 64 per round.
@Suite struct SequenceModelBenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment
    static let enabled = environment["PROPENSITY_BENCH"] == "1"

    /// Random encoded histories: 80 % of full length 256, the rest 10...255 steps; vocabulary
    /// sizes 30 / 293 / 1882 as on completejourney.
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

    static func processSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Best and median items per wall second, and items per CPU second of the best round.
    static func rate(_ count: Int, repeats: Int, _ work: () -> Void)
        -> (best: Int, median: Int, perCPU: Int)
    {
        let rates = (0..<repeats).map { _ -> (Double, Double) in
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = processSeconds()
            work()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return (Double(count) / seconds, Double(count) / (processSeconds() - cpuStart))
        }.sorted { $0.0 < $1.0 }
        return (Int(rates.last!.0), Int(rates[rates.count / 2].0), Int(rates.last!.1))
    }

    @Test(.enabled(if: enabled)) func reportTrainingAndScoringSpeed() {
        let data = Self.randomData(count: 1024, seed: 7)
        let env = Self.environment
        let steps = Int(env["PROPENSITY_BENCH_STEPS"] ?? "") ?? 40
        let repeats = Int(env["PROPENSITY_BENCH_REPEATS"] ?? "") ?? 5
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
                    var step = 0
                    func trainSteps(_ count: Int) {
                        for _ in 0..<count {
                            let indices = (0..<batch).map {
                                order[(step * batch + $0) % order.count]
                            }
                            _ = model.trainStep(data, indices: indices, optimizer: &adam)
                            step += 1
                        }
                    }
                    trainSteps(3)
                    let timedSteps = max(2, steps * 64 / batch)
                    let train = Self.rate(timedSteps * batch, repeats: repeats) {
                        trainSteps(timedSteps)
                    }
                    _ = model.probabilities(data, batchSize: batch)
                    let score = Self.rate(data.count, repeats: repeats) {
                        _ = model.probabilities(data, batchSize: batch)
                    }
                    print(
                        "bench \(kind.rawValue) threads \(threads) batch \(batch): "
                            + "train \(train.best) samples/s (median \(train.median), "
                            + "\(train.perCPU) per CPU s), score \(score.best) histories/s "
                            + "(median \(score.median), \(score.perCPU) per CPU s)")
                }
            }
        }
    }
}
