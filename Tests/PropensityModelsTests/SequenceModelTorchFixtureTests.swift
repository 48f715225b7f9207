import Foundation
import NeuralEngine
import PropensityModels
import PropensitySamples
import Testing

/// Forward values, loss and gradients against PyTorch's reference models for a tiny batch,
/// with weights set by a formula; the numbers come from `Fixtures/make_torch_fixture.py`
/// (committed with its output `Fixtures/torch_fixture.json`).
@Suite struct SequenceModelTorchFixtureTests {
    struct Fixture: Decodable {
        struct Kind: Decodable {
            struct Gradient: Decodable {
                var indices: [Int]
                var values: [Double]
            }
            var parameterOrder: [String]
            var logits: [Double]
            var loss: Double
            var gradients: [String: Gradient]
        }
        var vocabularySizes: [Int]
        var maxLength: Int
        var lengths: [Int32]
        var labels: [Float]
        var categories: [Int32]
        var numbers: [Float]
        var kinds: [String: Kind]
    }

    static func loadFixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/torch_fixture.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The script's weights: `scale * sin(0.37 i + 1.1 t)` for tensor `t`, padding rows zero.
    static func formulaWeights(_ model: SequenceModel) -> [NamedTensor] {
        model.parameters.enumerated().map { t, parameter in
            let name = parameter.name, shape = parameter.shape
            let scale: Double
            if name.hasPrefix("embeddings") {
                scale = 1
            } else if name.hasPrefix("lstm") || name == "out.weight" {
                scale = 1 / 8
            } else if name.hasPrefix("conv") && shape.count == 3 {
                scale = 1 / Double(shape[1] * shape[2]).squareRoot()
            } else {
                scale = 0.1
            }
            var values = (0..<parameter.count).map { i in
                Float(scale * sin(0.37 * Double(i) + 1.1 * Double(t)))
            }
            if name.hasPrefix("embeddings") {
                for j in 0..<shape[1] { values[j] = 0 }
            }
            return NamedTensor(name: name, shape: shape, values: values)
        }
    }

    @Test(arguments: ModelKind.allCases)
    func logitsLossAndGradientsMatchPyTorch(kind: ModelKind) throws {
        let fixture = try Self.loadFixture()
        let expected = try #require(fixture.kinds[kind.rawValue])
        let data = EncodedSequences(
            maxLength: fixture.maxLength, categories: fixture.categories,
            numbers: fixture.numbers, lengths: fixture.lengths, labels: fixture.labels)
        let model = SequenceModel(kind: kind, vocabularySizes: fixture.vocabularySizes, seed: 0)
        #expect(model.parameters.map(\.name) == expected.parameterOrder)
        model.restore(Self.formulaWeights(model))

        let probabilities = model.probabilities(data)
        let expectedProbabilities = expected.logits.map { 1 / (1 + exp(-$0)) }
        let forward = worstMismatch(
            probabilities, expectedProbabilities, absolute: 1e-6, relative: 1e-5)
        #expect(forward == nil, "\(kind) probabilities: \(forward ?? "")")

        let loss = model.computeGradients(data, indices: Array(0..<data.count))
        #expect(
            abs(Double(loss) - expected.loss) < 1e-6, "\(kind) loss \(loss) vs \(expected.loss)")
        for parameter in model.parameters {
            let reference = try #require(expected.gradients[parameter.name])
            let actual = reference.indices.map { parameter.gradient[$0] }
            let largest = reference.values.map(abs).max() ?? 0
            let mismatch = worstMismatch(
                actual, reference.values, absolute: 1e-3 * largest + 1e-9, relative: 1e-3)
            #expect(mismatch == nil, "\(kind) \(parameter.name): \(mismatch ?? "")")
        }
    }
}
