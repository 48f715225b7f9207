import Foundation
import NeuralEngine
import PropensityModels
import PropensitySamples
import Testing

@Suite struct SequenceModelTests {
    static let vocabularies = [5, 7, 9]

    @Test(arguments: ModelKind.allCases)
    func forwardMatchesPaddedDoubleReference(kind: ModelKind) {
        let data = randomSequences(
            lengths: [8, 5, 3, 6, 1, 2], maxLength: 8, vocabularySizes: Self.vocabularies, seed: 3)
        let model = SequenceModel(kind: kind, vocabularySizes: Self.vocabularies, seed: 1)
        let probabilities = model.probabilities(data, batchSize: 4)
        let reference = SequenceModelReference(model).logits(data, samples: Array(0..<6))
        let expected = reference.map { 1 / (1 + exp(-$0)) }
        let mismatch = worstMismatch(probabilities, expected, absolute: 2e-6, relative: 1e-5)
        #expect(mismatch == nil, "\(kind): \(mismatch ?? "")")
    }

    @Test(arguments: ModelKind.allCases)
    func paddedBatchEqualsEachHistoryAlone(kind: ModelKind) {
        // Odd and even lengths in one batch; alone, each history is re-encoded without padding
        // and with other padding.
        let data = randomSequences(
            lengths: [7, 12, 4, 1, 9, 12, 2], maxLength: 12, vocabularySizes: Self.vocabularies,
            seed: 5)
        let model = SequenceModel(kind: kind, vocabularySizes: Self.vocabularies, seed: 2)
        let batched = model.probabilities(data, batchSize: 7)
        for n in 0..<data.count {
            let length = Int(data.lengths[n])
            for maxLength in [length, length + 3, 16] {
                let alone = model.probabilities(single(data, n, maxLength: maxLength))[0]
                #expect(abs(alone - batched[n]) <= 1e-6, "\(kind) history \(n) L \(maxLength)")
            }
        }
    }

    @Test(arguments: ModelKind.allCases)
    func gradientsMatchFiniteDifferencesOfDoubleReference(kind: ModelKind) {
        let data = randomSequences(
            lengths: [8, 5, 3, 6], maxLength: 8, vocabularySizes: Self.vocabularies, seed: 9)
        let model = SequenceModel(kind: kind, vocabularySizes: Self.vocabularies, seed: 4)
        let samples = [0, 1, 2, 3]
        let loss = model.computeGradients(data, indices: samples)
        let reference = SequenceModelReference(model)
        #expect(abs(Double(loss) - reference.meanLoss(data, samples: samples)) < 1e-5)

        var generator = SeededGenerator(seed: 12)
        for parameter in model.parameters {
            // A few entries per tensor; for embeddings, rows the data uses.
            let entries: [Int]
            if parameter.name.hasPrefix("embeddings") {
                entries = [16 + 3, 16 * 2 + 15, 16 * 4]
            } else {
                entries = (0..<4).map { _ in Int(generator.next() % UInt64(parameter.count)) }
            }
            var analytic = [Float](), numeric = [Double]()
            for entry in entries {
                analytic.append(parameter.gradient[entry])
                var shifted = reference
                let h = 1e-5
                shifted.tensors[parameter.name]![entry] += h
                let plus = shifted.meanLoss(data, samples: samples)
                shifted.tensors[parameter.name]![entry] -= 2 * h
                let minus = shifted.meanLoss(data, samples: samples)
                numeric.append((plus - minus) / (2 * h))
            }
            let mismatch = worstMismatch(analytic, numeric, absolute: 2e-6, relative: 2e-3)
            #expect(
                mismatch == nil, "\(kind) \(parameter.name) entries \(entries): \(mismatch ?? "")")
        }
    }

    @Test func parametersHavePyTorchNamesShapesAndOrder() {
        let cnn = SequenceModel(kind: .cnnLSTM, vocabularySizes: Self.vocabularies, seed: 0)
        #expect(cnn.parameters.map(\.name) == [
            "embeddings.0.weight", "embeddings.1.weight", "embeddings.2.weight",
            "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
            "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
            "out.weight", "out.bias",
        ])
        #expect(cnn.parameters.map(\.shape) == [
            [5, 16], [7, 16], [9, 16], [64, 54, 3], [64], [64, 64, 3], [64],
            [256, 64], [256, 64], [256], [256], [1, 64], [1],
        ])
        let lstm = SequenceModel(kind: .lstm, vocabularySizes: Self.vocabularies, seed: 0)
        #expect(lstm.parameter(named: "lstm.weight_ih_l0")?.shape == [256, 54])
        #expect(lstm.parameter(named: "conv1.weight") == nil)
        #expect(cnn.parameter(named: "embeddings.1.weight")!.value[0..<16].allSatisfy { $0 == 0 })
    }

    @Test func flopsMatchTheReferenceFormula() {
        let cnn = SequenceModel(kind: .cnnLSTM, vocabularySizes: Self.vocabularies, seed: 0)
        let lstm = SequenceModel(kind: .lstm, vocabularySizes: Self.vocabularies, seed: 0)
        // 2*256*3*54*64 + 2*256*3*64*64 + 128*(2*4*64*128 + 1024) + 2*64
        #expect(cnn.flopsPerSample(length: 256) == 20_119_680)
        // 256*(2*4*64*118 + 1024) + 2*64
        #expect(lstm.flopsPerSample(length: 256) == 15_728_768)
    }
}

@Suite struct SequenceModelTrainingTests {
    static let vocabularies = [5, 7, 9]

    func trainedParameters(kind: ModelKind, seed: UInt64, threads: Int) -> [NamedTensor] {
        // 75 histories, so a batch spans up to three parts of at most 32.
        let data = randomSequences(
            lengths: (0..<75).map { 1 + ($0 * 7) % 6 }, maxLength: 6,
            vocabularySizes: Self.vocabularies, seed: 21)
        let model = SequenceModel(
            kind: kind, vocabularySizes: Self.vocabularies, seed: seed, threadCount: threads)
        var adam = Adam()
        for batch in [Array(0..<75), [5, 6, 7, 8], Array((0..<40).reversed())] {
            _ = model.trainStep(data, indices: batch, optimizer: &adam)
        }
        return model.parameterSnapshot()
    }

    @Test(arguments: ModelKind.allCases)
    func sameSeedGivesBitIdenticalWeightsWithOneOrTwoThreads(kind: ModelKind) {
        let a = trainedParameters(kind: kind, seed: 7, threads: 1)
        #expect(a == trainedParameters(kind: kind, seed: 7, threads: 1))
        #expect(a == trainedParameters(kind: kind, seed: 7, threads: 2))
        #expect(a == trainedParameters(kind: kind, seed: 7, threads: 3))
        #expect(a != trainedParameters(kind: kind, seed: 8, threads: 1))
    }

    @Test func scoresDoNotDependOnThreadsOrBatchSize() {
        let data = randomSequences(
            lengths: (0..<100).map { 1 + ($0 * 5) % 8 }, maxLength: 8,
            vocabularySizes: Self.vocabularies, seed: 22)
        let one = SequenceModel(
            kind: .cnnLSTM, vocabularySizes: Self.vocabularies, seed: 5, threadCount: 1)
        let two = SequenceModel(
            kind: .cnnLSTM, vocabularySizes: Self.vocabularies, seed: 5, threadCount: 2)
        let reference = one.probabilities(data, batchSize: 256)
        #expect(two.probabilities(data, batchSize: 256) == reference)
        let small = two.probabilities(data, batchSize: 7)
        #expect(zip(small, reference).allSatisfy { abs($0 - $1) <= 1e-6 })
    }

    @Test func trainingLowersTheLossAndRestoreBringsBackScores() {
        let data = randomSequences(
            lengths: [6, 3, 7, 8, 2, 8, 5, 8], maxLength: 8, vocabularySizes: Self.vocabularies,
            seed: 30)
        let model = SequenceModel(kind: .cnnLSTM, vocabularySizes: Self.vocabularies, seed: 3)
        let before = model.probabilities(data)
        let snapshot = model.parameterSnapshot()
        var adam = Adam(learningRate: 1e-2)
        let all = Array(0..<data.count)
        let first = model.trainStep(data, indices: all, optimizer: &adam)
        var last = first
        for _ in 0..<30 { last = model.trainStep(data, indices: all, optimizer: &adam) }
        #expect(last < first * 0.5, "loss \(first) -> \(last)")
        #expect(model.probabilities(data) != before)
        model.restore(snapshot)
        #expect(model.probabilities(data) == before)
    }
}

/// Checks `actual` against `expected` within `absolute + relative * |expected|`, reporting
/// the worst element, its index and the tolerance.
func worstMismatch(
    _ actual: [Float], _ expected: [Double], absolute: Double, relative: Double
) -> String? {
    precondition(actual.count == expected.count)
    var worst: (excess: Double, index: Int)? = nil
    for i in actual.indices {
        let error = abs(Double(actual[i]) - expected[i])
        let tolerance = absolute + relative * abs(expected[i])
        if error > tolerance, error - tolerance > (worst?.excess ?? 0) {
            worst = (error - tolerance, i)
        }
    }
    guard let worst else { return nil }
    return "worst element \(worst.index): \(actual[worst.index]) vs \(expected[worst.index]) "
        + "(tolerance \(absolute) + \(relative) * |expected|)"
}
