import Foundation
import NeuralEngine
@testable import PropensityModels
import PropensitySamples
import Testing

/// cnn-lstm scoring runs the embeddings and conv1 as table lookups; training does not. The
/// lookups sum conv1's terms in another order, so scores agree with the plain path to float
/// rounding (within 1e-6), not bit for bit.
@Suite struct ScoringLookupTests {
    static let vocabularies = [5, 7, 9]

    @Test func lookupScoresEqualPlainScoresWithinRounding() {
        let data = randomSequences(
            lengths: [9, 12, 4, 1, 7, 12, 2, 5, 3, 10], maxLength: 12,
            vocabularySizes: Self.vocabularies, seed: 8)
        let model = SequenceModel(kind: .cnnLSTM, vocabularySizes: Self.vocabularies, seed: 4)
        let fast = model.probabilities(data, batchSize: 6)
        model.scoresByLookup = false
        let plain = model.probabilities(data, batchSize: 6)
        #expect(Set(plain).count > 5, "scores must differ between histories")
        for i in plain.indices {
            #expect(abs(fast[i] - plain[i]) <= 1e-6, "history \(i): \(fast[i]) \(plain[i])")
        }
    }

    @Test func lookupTablesFollowAWeightUpdate() {
        let data = randomSequences(
            lengths: [6, 3, 8, 2], maxLength: 8, vocabularySizes: Self.vocabularies, seed: 9)
        let model = SequenceModel(kind: .cnnLSTM, vocabularySizes: Self.vocabularies, seed: 6)
        let before = model.probabilities(data)
        var adam = Adam(learningRate: 0.05)
        _ = model.trainStep(data, indices: [0, 1, 2, 3], optimizer: &adam)
        let after = model.probabilities(data)
        model.scoresByLookup = false
        let plain = model.probabilities(data)
        #expect(after != before)
        for i in plain.indices {
            #expect(abs(after[i] - plain[i]) <= 1e-6, "history \(i): \(after[i]) \(plain[i])")
        }
    }
}
