import NeuralEngine
import PropensitySamples

/// The cnn-lstm or lstm model of METHOD.md: one probability per encoded history.
///
/// Per step the three category ids become 16-wide embeddings, concatenated with the six numbers
/// (54 channels); cnn-lstm runs them through Conv1D(54 -> 64, K 3) ReLU, Conv1D(64 -> 64, K 3)
/// ReLU and a max-pool of 2 whose pairs end at the latest event; an LSTM of 64 reads the steps
/// oldest first from a zero state; its last hidden state goes through one linear unit to a
/// logit. Initialisation follows PyTorch's defaults, drawn from ``SeededGenerator``.
///
/// Each batch is split into parts of at most 32 sequences (sorted by length and dealt out in
/// turn), run on `threadCount` threads and reduced in part order, so the same seed gives
/// bit-identical weights and scores with any number of threads. One model must not be used
/// from several threads at once (its scratch buffers are shared).
///
/// A training loop in outline (METHOD.md "Training"):
///
/// ```swift
/// let model = SequenceModel(kind: .cnnLSTM, vocabularySizes: sizes, seed: 0, threadCount: 2)
/// var adam = Adam()  // lr 1e-3, betas 0.9 / 0.999, eps 1e-8
/// var generator = SeededGenerator(seed: 0)
/// for epoch in 1...20 {
///     let order = Array(0..<train.count).shuffled(using: &generator)
///     for start in stride(from: 0, to: order.count, by: 64) {
///         let batch = Array(order[start..<min(start + 64, order.count)])
///         let loss = model.trainStep(train, indices: batch, optimizer: &adam)
///         guard loss.isFinite else { throw ... }
///     }
///     let scores = model.probabilities(validation)  // AUC -> keep parameterSnapshot()
/// }
/// model.restore(best)
/// ```
public final class SequenceModel: @unchecked Sendable {
    /// Width of each level's embedding.
    public static let embeddingDimension = 16
    /// Channels of both convolutions.
    public static let convolutionChannels = 64
    /// LSTM hidden size `H`.
    public static let hiddenSize = 64
    /// Most sequences in one part of a batch: parts are small enough for their activations
    /// to stay in cache, and fixed by the batch alone, so results do not depend on threads.
    /// (Parts of 128 trained cnn-lstm about 9 % slower per CPU-second at batch 256.)
    static let partSize = 32
    /// Most sequences in one part when scoring the lstm: larger parts give its per-step
    /// products more rows per call (each call repacks `W_hh`), about 15 % more histories per
    /// CPU-second; cnn-lstm keeps ``partSize``, since its convolution activations then leave
    /// the cache (about 8 % slower with 128). Fixed, so scores do not depend on threads.
    static let lstmScoringPartSize = 128

    /// Architecture.
    public let kind: ModelKind
    /// Vocabulary size per category level, padding and unknown ids included.
    public let vocabularySizes: [Int]
    /// Threads used by training and scoring (1 or 2 on this project's machines).
    public var threadCount: Int

    let embeddings: [Embedding]
    let conv1: Conv1D?
    let conv2: Conv1D?
    let lstm: LSTM
    let out: Linear
    /// cnn-lstm scoring: embeddings and conv1 as table lookups (rebuilt when weights change).
    private let embeddingConvolution: EmbeddingConvolution?
    /// Whether scoring uses ``embeddingConvolution`` (tests turn it off to compare paths).
    var scoresByLookup = true
    /// The lookup tables scoring uses, if any.
    var conv1Lookup: EmbeddingConvolution? { scoresByLookup ? embeddingConvolution : nil }
    /// Every trainable tensor, in PyTorch's `state_dict` order.
    public let parameters: [Parameter]
    private var workers: [SequenceModelWorker] = []
    private var partGradients: [[FloatBuffer]] = []

    /// Channels per step entering the network: 3 x 16 embeddings + 6 numbers.
    public var stepChannels: Int {
        Self.embeddingDimension * vocabularySizes.count + EncodedSequences.numberCount
    }

    /// Creates a model with PyTorch-style initial weights drawn from `seed`.
    /// - Parameters:
    ///   - kind: cnn-lstm or lstm.
    ///   - vocabularySizes: rows of each level's embedding (3 levels).
    ///   - seed: fixes every initial weight.
    ///   - threadCount: threads for training and scoring.
    public init(kind: ModelKind, vocabularySizes: [Int], seed: UInt64, threadCount: Int = 1) {
        precondition(
            vocabularySizes.count == EncodedSequences.levelCount,
            "expected \(EncodedSequences.levelCount) vocabulary sizes, got \(vocabularySizes)")
        NeuralEngine.configureBLAS()
        self.kind = kind
        self.vocabularySizes = vocabularySizes
        self.threadCount = max(1, threadCount)
        var generator = SeededGenerator(seed: seed)
        embeddings = vocabularySizes.enumerated().map { level, size in
            Embedding(
                name: "embeddings.\(level).weight", vocabularySize: size,
                dimension: Self.embeddingDimension, generator: &generator)
        }
        let stepChannels =
            Self.embeddingDimension * vocabularySizes.count + EncodedSequences.numberCount
        var lstmInput = stepChannels
        if kind == .cnnLSTM {
            let c = Self.convolutionChannels
            conv1 = Conv1D(
                name: "conv1", inputChannels: stepChannels, outputChannels: c,
                generator: &generator)
            conv2 = Conv1D(
                name: "conv2", inputChannels: c, outputChannels: c, generator: &generator)
            lstmInput = c
            embeddingConvolution =
                EmbeddingConvolution.supports(conv1!) ? EmbeddingConvolution() : nil
        } else {
            conv1 = nil
            conv2 = nil
            embeddingConvolution = nil
        }
        lstm = LSTM(
            name: "lstm", inputSize: lstmInput, hiddenSize: Self.hiddenSize,
            generator: &generator)
        out = Linear(name: "out", inputSize: Self.hiddenSize, outputSize: 1, generator: &generator)
        var all = embeddings.map(\.weight)
        for conv in [conv1, conv2].compactMap({ $0 }) { all += [conv.weight, conv.bias] }
        all += [lstm.weightIH, lstm.weightHH, lstm.biasIH, lstm.biasHH, out.weight, out.bias]
        parameters = all
    }

    // MARK: - Scoring and training

    /// The probability of each history, in order, scored in batches of `batchSize` (the
    /// batch size changes only which histories share a matrix product, not the results
    /// beyond float rounding).
    public func probabilities(_ data: EncodedSequences, batchSize: Int = 256) -> [Float] {
        precondition(batchSize >= 1, "batch size \(batchSize)")
        prepare()
        if let lookup = conv1Lookup, let conv1 {
            lookup.update(embeddings: embeddings, convolution: conv1)
        }
        var result = [Float](repeating: 0, count: data.count)
        let scoringPartSize = kind == .lstm ? Self.lstmScoringPartSize : Self.partSize
        result.withUnsafeMutableBufferPointer { out in
            var start = 0
            while start < data.count {
                let end = min(start + batchSize, data.count)
                let parts = split(Array(start..<end), data: data, partSize: scoringPartSize)
                forEachPart(parts) { worker, p in
                    worker.forward(data, samples: parts[p], model: self, training: false)
                    for (slot, sample) in parts[p].enumerated() {
                        out[sample] = BinaryCrossEntropy.sigmoid(worker.logits.pointer[slot])
                    }
                }
                start = end
            }
        }
        return result
    }

    /// One optimiser step on the samples at `indices`: forward, mean binary cross-entropy,
    /// backward, then `optimizer.update`. Returns the batch's mean loss before the step.
    ///
    /// When the loss is not finite the weights are left as they were and the loss is returned
    /// as is, so the caller can stop with an error instead of training on NaNs.
    public func trainStep(
        _ data: EncodedSequences, indices: [Int], optimizer: inout Adam
    ) -> Float {
        let loss = computeGradients(data, indices: indices)
        guard loss.isFinite else { return loss }
        optimizer.update(parameters)
        prepare()
        return loss
    }

    /// Sets every parameter's `gradient` to that of the mean loss over `indices` and returns
    /// the loss (the first half of ``trainStep(_:indices:optimizer:)``, exposed for checks).
    public func computeGradients(_ data: EncodedSequences, indices: [Int]) -> Float {
        precondition(!indices.isEmpty, "empty batch")
        prepare()
        let parts = split(indices, data: data)
        while partGradients.count < parts.count {
            partGradients.append(parameters.map { FloatBuffer(capacity: $0.count) })
        }
        let scale = 1 / Float(indices.count)
        var losses = [Double](repeating: 0, count: parts.count)
        losses.withUnsafeMutableBufferPointer { loss in
            forEachPart(parts) { worker, p in
                worker.forward(data, samples: parts[p], model: self)
                loss[p] = worker.backward(
                    data, samples: parts[p], model: self, lossScale: scale,
                    gradients: partGradients[p])
            }
        }
        // Reduce in part order, so the sums do not depend on the threads.
        for (index, parameter) in parameters.enumerated() {
            parameter.gradient.withUnsafeMutableBufferPointer { g in
                g.update(repeating: 0)
                for p in parts.indices {
                    let source = partGradients[p][index].pointer
                    for j in 0..<g.count { g[j] += source[j] }
                }
            }
        }
        return Float(losses.reduce(0, +) / Double(indices.count))
    }

    // MARK: - Parameters

    /// Copies of every parameter, in `parameters` order (e.g. to keep the best epoch).
    public func parameterSnapshot() -> [NamedTensor] { parameters.map(\.snapshot) }

    /// Restores values from ``parameterSnapshot()`` (names and shapes must match).
    public func restore(_ snapshot: [NamedTensor]) {
        precondition(
            snapshot.count == parameters.count,
            "snapshot has \(snapshot.count) tensors, model \(parameters.count)")
        for (parameter, tensor) in zip(parameters, snapshot) { parameter.load(tensor) }
        prepare()
    }

    /// The parameter called `name` (PyTorch-style, e.g. `lstm.weight_ih_l0`), if any.
    public func parameter(named name: String) -> Parameter? {
        parameters.first { $0.name == name }
    }

    /// Analytic forward FLOPs for one history of `length` steps (multiply-adds count 2;
    /// embedding lookups ignored; the LSTM's elementwise work counted as 16 per hidden unit).
    public func flopsPerSample(length: Int) -> Int {
        var channels = stepChannels
        var steps = length
        let c = Self.convolutionChannels, h = Self.hiddenSize
        var flops = 0
        if kind == .cnnLSTM {
            flops += 2 * steps * 3 * channels * c + 2 * steps * 3 * c * c
            channels = c
            steps = (steps + 1) / 2
        }
        flops += steps * (2 * 4 * h * (channels + h) + 4 * h * 4)
        flops += 2 * h
        return flops
    }

    // MARK: - Internals

    /// Refreshes the layers' derived weights after the parameters changed.
    func prepare() {
        conv1?.prepare()
        conv2?.prepare()
        lstm.prepare()
    }

    /// Sorts `samples` by length (longest first, then by position) and deals them out in turn
    /// to parts of at most `partSize`, so each part stays sorted and parts get similar work.
    func split(
        _ samples: [Int], data: EncodedSequences, partSize: Int = SequenceModel.partSize
    ) -> [[Int]] {
        let sorted = samples.sorted { a, b in
            let la = data.lengths[a], lb = data.lengths[b]
            return la != lb ? la > lb : a < b
        }
        let count = max(1, (samples.count + partSize - 1) / partSize)
        var parts = [[Int]](repeating: [], count: count)
        for (position, sample) in sorted.enumerated() {
            parts[position % count].append(sample)
        }
        return parts
    }

    /// Runs `body(worker, part)` for every part, part `p` on thread `p % threads`, each thread
    /// with its own worker and subnormals flushed.
    private func forEachPart(
        _ parts: [[Int]], _ body: (SequenceModelWorker, Int) -> Void
    ) {
        let threads = max(1, min(threadCount, parts.count))
        while workers.count < threads { workers.append(SequenceModelWorker()) }
        Parallel.forEach(threads, threads: threads) { t in
            FloatingPointMode.flushingSubnormals {
                var p = t
                while p < parts.count {
                    if !parts[p].isEmpty { body(workers[t], p) }
                    p += threads
                }
            }
        }
    }
}
