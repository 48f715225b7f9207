import Foundation
import NeuralEngine
import PropensityModels
import PropensitySamples

/// `propensity bench`: training and scoring speed on a target's real training samples, set up
/// like the PyTorch reference's `run.py bench-train` / `bench-score` so the two compare.
enum BenchCommand: Command {
    static let help = """
        usage: propensity bench train|score|sgemm CONFIG [--data DIR] [--model cnn-lstm|lstm]
                                [--batch N] [--threads N] [--steps N] [--histories N]
                                [--warmup N]
               propensity bench sequences DIR|TRANSACTIONS,PRODUCTS [--repeats N]

        train    optimizer steps (forward, loss, backward, Adam) on batches walking a seeded
                 permutation of the shift-augmented training histories, after --warmup (10)
                 untimed steps; --steps (200) timed
        score    probabilities for --histories (5000) histories (the training set, cycled)
                 in batches, after --warmup (4) untimed batches
        sgemm    OpenBLAS sgemm GFLOP/s on --threads threads (the ceiling); CONFIG not needed
        sequences  read, join the catalog, sort and group per user in memory (what ingest
                 does, without the file), --repeats (5) times in this process; Complete
                 Journey's column names

        The last line is `samples_per_s X peak_rss_mb Y gflops Z per_cpu_s W` (train),
        `histories_per_s X peak_rss_mb Y gflops Z per_cpu_s W` (score), `sgemm_gflops X` or
        `best_seconds X events N users U peak_rss_mb Y` (sequences).
        GFLOP/s count the model's forward FLOPs over the valid (unpadded) steps, times 3 for a
        training step; per_cpu_s is the rate per CPU-second of the process (all threads).
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(argv, valued: [
            "data", "model", "batch", "threads", "steps", "histories", "warmup", "repeats",
        ])
        guard let mode = arguments.positionals.first else {
            throw UsageError("bench needs train, score, sgemm or sequences")
        }
        if mode == "sequences" { return try SequencesBench.run(arguments) }
        let threads = try arguments.integer("threads") ?? 2
        if mode == "sgemm" {
            print(String(format: "sgemm_gflops %.1f", SgemmCeiling.measure(threads: threads)))
            return
        }
        guard mode == "train" || mode == "score", arguments.positionals.count == 2 else {
            throw UsageError("bench train|score needs one CONFIG file")
        }
        let modelName = arguments.value("model") ?? "cnn-lstm"
        guard let kind = ModelKind(rawValue: modelName) else {
            throw UsageError("--model must be cnn-lstm or lstm, got '\(modelName)'")
        }
        var config = try RunConfig.load(URL(fileURLWithPath: arguments.positionals[1]))
        if let data = arguments.value("data") {
            config.data.directory = data
            config.baseDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        }
        let progress = ProgressReporter()
        let log = try loadEventLog(config, progress: progress)
        let samples = try SampleBuilder(log: log, target: config.target, settings: config.samples)
            .balancedSampleSet()
        let encoder = SequenceEncoder(
            fittingOn: samples.balancedTrain, in: log, maxLength: config.samples.maxLength)
        let data = encoder.encode(samples.train, in: log)
        let model = SequenceModel(
            kind: kind, vocabularySizes: encoder.vocabularySizes, seed: 0, threadCount: threads)
        let flops = data.lengths.reduce(0.0) { $0 + Double(model.flopsPerSample(length: Int($1))) }
            / Double(data.count)

        if mode == "train" {
            let batch = try arguments.integer("batch") ?? 64
            let steps = try arguments.integer("steps") ?? 200
            let warmup = try arguments.integer("warmup") ?? 10
            var generator = SeededGenerator(seed: 0)
            var permutation = Array(0..<data.count)
            permutation.shuffle(using: &generator)
            var optimizer = Adam(learningRate: config.training.learningRate)
            func step(_ b: Int) {
                let indices = (0..<batch).map { permutation[(b * batch + $0) % data.count] }
                _ = model.trainStep(data, indices: indices, optimizer: &optimizer)
            }
            for b in 0..<warmup { step(b) }
            let (seconds, cpu) = timed { for b in warmup..<(warmup + steps) { step(b) } }
            let rate = Double(steps * batch) / seconds
            print(String(
                format: "samples_per_s %.1f peak_rss_mb %.1f gflops %.1f per_cpu_s %.1f", rate,
                peakRSSMegabytes(), 3 * flops * rate / 1e9, Double(steps * batch) / cpu))
        } else {
            let batch = try arguments.integer("batch") ?? 256
            let histories = try arguments.integer("histories") ?? 5000
            let warmup = try arguments.integer("warmup") ?? 4
            func score(_ range: Range<Int>) {
                let batchData = data.gathering(range.map { $0 % data.count })
                _ = model.probabilities(batchData, batchSize: batch)
            }
            for b in 0..<warmup { score((b * batch)..<((b + 1) * batch)) }
            let (seconds, cpu) = timed {
                for start in stride(from: 0, to: histories, by: batch) {
                    score(start..<min(start + batch, histories))
                }
            }
            let rate = Double(histories) / seconds
            print(String(
                format: "histories_per_s %.1f peak_rss_mb %.1f gflops %.1f per_cpu_s %.1f", rate,
                peakRSSMegabytes(), flops * rate / 1e9, Double(histories) / cpu))
        }
    }

    /// Wall-clock and CPU seconds (user + system, all threads) of `work`. On a shared
    /// machine the CPU seconds are the steadier figure: other jobs stretch the wall clock.
    static func timed(_ work: () -> Void) -> (wall: Double, cpu: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuSeconds()
        work()
        return (
            Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpuSeconds() - cpuStart
        )
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The process's high-water resident memory (`ru_maxrss`, KiB on Linux), in MB.
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

extension EncodedSequences {
    /// The histories at `indices`, in that order, as a new batch.
    func gathering(_ indices: [Int]) -> EncodedSequences {
        let l = maxLength
        let c = EncodedSequences.levelCount, m = EncodedSequences.numberCount
        var categories = [Int32](), numbers = [Float]()
        categories.reserveCapacity(indices.count * l * c)
        numbers.reserveCapacity(indices.count * l * m)
        for i in indices {
            categories += self.categories[(i * l * c)..<((i + 1) * l * c)]
            numbers += self.numbers[(i * l * m)..<((i + 1) * l * m)]
        }
        return EncodedSequences(
            maxLength: l, categories: categories, numbers: numbers,
            lengths: indices.map { lengths[$0] }, labels: indices.map { labels[$0] })
    }
}
