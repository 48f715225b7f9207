import NeuralEngine
import Testing

@Suite struct EmbeddingTests {
    func makeTable() -> Embedding {
        var generator = SeededGenerator(seed: 2)
        return Embedding(
            name: "embeddings.0.weight", vocabularySize: 4, dimension: 2, generator: &generator)
    }

    @Test func paddingRowIsZeroAndLookupCopiesRows() {
        let table = makeTable()
        let w = table.weight.value
        #expect(w[0] == 0 && w[1] == 0)
        #expect(w[2...].allSatisfy { $0 != 0 })
        // ids sit at stride 2 in the input; outputs go to columns 1...2 of 3-wide rows.
        let ids: [Int32] = [3, 9, 0, 9, 1, 9]
        var out = [Float](repeating: -1, count: 9)
        ids.withUnsafeBufferPointer { idp in
            out.withUnsafeMutableBufferPointer {
                table.forward(
                    ids: idp.baseAddress!, idStride: 2, rows: 3, output: $0.baseAddress! + 1,
                    ldo: 3)
            }
        }
        #expect(out == [-1, w[6], w[7], -1, 0, 0, -1, w[2], w[3]])
    }

    @Test func backwardSumsRepeatedIdsAndSkipsPadding() {
        let table = makeTable()
        let ids: [Int32] = [2, 0, 2, 3]
        let dOut: [Float] = [1, 2, 10, 20, 3, 4, 5, 6]
        var dw = [Float](repeating: 0, count: 8)
        table.backward(ids: ids, idStride: 1, rows: 4, dOutput: dOut, ldd: 2, dWeight: &dw)
        #expect(dw == [0, 0, 0, 0, 4, 6, 5, 6])
    }
}

@Suite struct BinaryCrossEntropyTests {
    @Test func lossAndGradientMatchHandComputedValues() {
        // max(z, 0) - z y + log(1 + e^-|z|): ln 2; 2 + ln(1 + e^-2); 3 + ln(1 + e^-3); 100.
        let logits: [Float] = [0, 2, -3, 100]
        let labels: [Float] = [1, 0, 1, 0]
        let expected = (0.693_147_180_56 + 2.126_928_011_04 + 3.048_587_351_57 + 100) / 4
        #expect(abs(Double(BinaryCrossEntropy.loss(logits: logits, labels: labels)) - expected)
                < 1e-5)
        let gradient = BinaryCrossEntropy.gradient(logits: logits, labels: labels)
        let expectedGradient = [-0.5, 0.880_797_077_98, -0.952_574_126_82, 1.0].map { $0 / 4 }
        #expect(worstMismatch(gradient, expectedGradient, absolute: 1e-7, relative: 1e-6) == nil)
        #expect(BinaryCrossEntropy.loss(logit: -100, label: 0) < 1e-40)
        #expect(BinaryCrossEntropy.sigmoid(-200) == 0 && BinaryCrossEntropy.sigmoid(200) == 1)
    }
}

@Suite struct AdamTests {
    @Test func threeStepsMatchHandComputedPyTorchRule() {
        let p = Parameter(name: "p", shape: [1], value: [1])
        var adam = Adam(learningRate: 0.1)
        // Values from the update rule in Double: 0.900000002, 0.93661035424, 0.95027942034.
        let expected = [0.900_000_002, 0.936_610_354_24, 0.950_279_420_34]
        for (g, value) in zip([Float(0.5), -1, 0.25], expected) {
            p.gradient = [g]
            adam.update([p])
            #expect(abs(Double(p.value[0]) - value) < 1e-6, "step \(adam.step): \(p.value[0])")
        }
    }
}

@Suite struct SeededGeneratorTests {
    @Test func sameSeedSameStreamAndSensibleDistributions() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        var g = SeededGenerator(seed: 1)
        let uniforms = (0..<20_000).map { _ in g.uniform(-0.5, 0.5) }
        #expect(uniforms.allSatisfy { $0 >= -0.5 && $0 < 0.5 })
        let normals = (0..<20_000).map { _ in Double(g.normal()) }
        let mean = normals.reduce(0, +) / 20_000
        let variance = normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05, "mean \(mean) var \(variance)")
    }
}
