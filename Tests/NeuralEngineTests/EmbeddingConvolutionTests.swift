import Foundation
@testable import NeuralEngine
import Testing

/// The lookup-table form of embeddings then the first convolution against the plain path
/// (embedding rows copied into the input, then ``Conv1D``): the same terms summed in another
/// order, so equal to float rounding.
@Suite struct EmbeddingConvolutionTests {
    let vocabularies = [5, 7, 9]
    let dimension = 4
    let numbers = 2
    let lengths = [6, 1, 3, 2]

    func ids(_ level: Int, _ sequence: Int, _ t: Int) -> Int32 {
        Int32((7 * sequence + 3 * t + level) % vocabularies[level])
    }

    /// Returns the plain path's output, the lookup path's, and their layout.
    func bothPaths(outputChannels o: Int, level: Int32, change: Bool = false)
        -> (plain: [Float], lookup: [Float], layout: SequenceLayout)
    {
        var generator = SeededGenerator(seed: 5)
        let embeddings = vocabularies.enumerated().map { l, v in
            Embedding(
                name: "e\(l)", vocabularySize: v, dimension: dimension, generator: &generator)
        }
        let c = vocabularies.count * dimension + numbers
        let conv = Conv1D(
            name: "conv", inputChannels: c, outputChannels: o, generator: &generator)
        let lookup = EmbeddingConvolution()
        lookup.kernelLevel = level
        lookup.update(embeddings: embeddings, convolution: conv)
        if change {
            // A changed weight must rebuild the tables on the next update.
            conv.weight.value[5] += 0.5
            embeddings[1].weight.value[dimension * 3 + 1] -= 0.25
            conv.prepare()
            lookup.update(embeddings: embeddings, convolution: conv)
        }
        let layout = SequenceLayout(lengths: lengths)
        let rows = layout.rowCount, levels = vocabularies.count
        var x = [Float](repeating: 0, count: rows * c)
        var numberInput = [Float](repeating: 0, count: rows * numbers)
        var tableRows = [Int32](repeating: 0, count: rows * levels)
        for (s, n) in lengths.enumerated() {
            for t in 0..<n {
                let r = layout.offsets[s] + t
                for l in 0..<levels {
                    let id = Int(ids(l, s, t))
                    for d in 0..<dimension {
                        x[r * c + l * dimension + d] =
                            embeddings[l].weight.value[id * dimension + d]
                    }
                    tableRows[r * levels + l] = Int32(lookup.levelBases[l] + id)
                }
                let values = randomValues(numbers, seed: UInt64(10 * s + t))
                for p in 0..<numbers {
                    x[r * c + levels * dimension + p] = values[p]
                    numberInput[r * numbers + p] = values[p]
                }
            }
        }
        var plain = [Float](repeating: .nan, count: rows * o)
        var fast = [Float](repeating: .nan, count: rows * o)
        conv.kernelLevel = level
        conv.forward(input: x, output: &plain, layout: layout, rectify: true)
        lookup.forward(
            numbers: numberInput, ids: tableRows, output: &fast, layout: layout, rectify: true)
        return (plain, fast, layout)
    }

    @Test(arguments: [0, 1, 2], [16, 32, 64])
    func lookupTablesEqualEmbeddingThenConvolutionToRounding(level: Int, channels: Int) {
        let (plain, fast, layout) = bothPaths(outputChannels: channels, level: Int32(level))
        #expect(plain.contains { $0 > 0.1 }, "the check needs non-trivial outputs")
        for i in plain.indices {
            #expect(abs(plain[i] - fast[i]) <= 1e-6 * max(1, abs(plain[i])), "element \(i)")
        }
        for r in layout.separatorRows {
            #expect(fast[(r * channels)..<((r + 1) * channels)].allSatisfy { $0 == 0 })
        }
    }

    @Test func changedWeightsRebuildTheTables() {
        let (plain, fast, _) = bothPaths(outputChannels: 16, level: 2, change: true)
        let unchanged = bothPaths(outputChannels: 16, level: 2).plain
        #expect(plain != unchanged, "the change must move the outputs")
        for i in plain.indices {
            #expect(abs(plain[i] - fast[i]) <= 1e-6 * max(1, abs(plain[i])), "element \(i)")
        }
    }
}
