import CKernels
import Foundation
@testable import NeuralEngine
import Testing

/// The C kernels on every instruction set this CPU has (AVX-512, AVX2 + FMA, baseline): each
/// against the Double reference, and the paths against each other.
@Suite struct KernelTests {
    static let levels = Array(0...Int(ck_simd_level()))

    @Test(arguments: levels)
    func lstmForwardMatchesReferenceAndInferenceEqualsTraining(level: Int) {
        let c = 5, h = 64
        var generator = SeededGenerator(seed: 3)
        let lstm = LSTM(name: "lstm", inputSize: c, hiddenSize: h, generator: &generator)
        lstm.kernelLevel = Int32(level)
        lstm.prepare()
        let lengths = [9, 7, 7, 3, 1, 0]
        let seqs = lengths.enumerated().map { i, n in
            (0..<n).map { t in randomValues(c, scale: 2, seed: UInt64(40 * i + t)) }
        }
        let (layout, x) = pack(seqs, channels: c)
        var trained = [Float](repeating: .nan, count: layout.count * h)
        var scored = [Float](repeating: .nan, count: layout.count * h)
        lstm.forward(input: x, layout: layout, finalHidden: &trained, cache: LSTM.Cache())
        lstm.forward(
            input: x, layout: layout, finalHidden: &scored, cache: LSTM.Cache(), training: false)
        #expect(scored == trained)

        let expected = seqs.flatMap {
            Reference.lstm(
                $0.map { $0.map(Double.init) }, weightIH: lstm.weightIH.value.map(Double.init),
                weightHH: lstm.weightHH.value.map(Double.init),
                biasIH: lstm.biasIH.value.map(Double.init),
                biasHH: lstm.biasHH.value.map(Double.init), hiddenSize: h)
        }
        let mismatch = worstMismatch(trained, expected, absolute: 2e-6, relative: 1e-5)
        #expect(mismatch == nil, "level \(level): \(mismatch ?? "")")
    }

    @Test func lstmBackwardAgreesAcrossInstructionSets() {
        let c = 5, h = 64
        let lengths = [6, 6, 4, 2, 1]
        let seqs = lengths.enumerated().map { i, n in
            (0..<n).map { t in randomValues(c, scale: 2, seed: UInt64(70 * i + t)) }
        }
        let (layout, x) = pack(seqs, channels: c)
        let upstream = randomValues(layout.count * h, seed: 9)
        func gradients(level: Int) -> [Float] {
            var generator = SeededGenerator(seed: 4)
            let lstm = LSTM(name: "lstm", inputSize: c, hiddenSize: h, generator: &generator)
            lstm.kernelLevel = Int32(level)
            lstm.prepare()
            let cache = LSTM.Cache()
            var final = [Float](repeating: 0, count: layout.count * h)
            lstm.forward(input: x, layout: layout, finalHidden: &final, cache: cache)
            var dx = [Float](repeating: 0, count: layout.rowCount * c)
            var dwih = [Float](repeating: 0, count: 4 * h * c)
            var dwhh = [Float](repeating: 0, count: 4 * h * h)
            var dbih = [Float](repeating: 0, count: 4 * h)
            var dbhh = [Float](repeating: 0, count: 4 * h)
            lstm.backward(
                input: x, layout: layout, dFinalHidden: upstream, cache: cache, dInput: &dx,
                dWeightIH: &dwih, dWeightHH: &dwhh, dBiasIH: &dbih, dBiasHH: &dbhh)
            return dx + dwih + dwhh + dbih
        }
        let widest = gradients(level: Self.levels.last!).map(Double.init)
        for level in Self.levels.dropLast() {
            let mismatch = worstMismatch(
                gradients(level: level), widest, absolute: 1e-5, relative: 1e-4)
            #expect(mismatch == nil, "level \(level): \(mismatch ?? "")")
        }
    }

    // 64 output channels take the 4-vector-wide blocks on AVX-512, 32 the 2-vector ones.
    @Test(arguments: levels, [32, 64])
    func convolutionKernelMatchesReferenceAndBLASInputGradient(level: Int, o: Int) {
        let c = 16
        var generator = SeededGenerator(seed: 8)
        let conv = Conv1D(name: "conv", inputChannels: c, outputChannels: o, generator: &generator)
        conv.kernelLevel = Int32(level)
        let seqs = [5, 1, 4, 0, 7].enumerated().map { i, n in
            (0..<n).map { t in randomValues(c, seed: UInt64(30 * i + t)) }
        }
        let (layout, x) = pack(seqs, channels: c)
        var y = [Float](repeating: .nan, count: layout.rowCount * o)
        conv.forward(input: x, output: &y, layout: layout, rectify: true)
        for (i, sequence) in seqs.enumerated() {
            let expected = Reference.conv(
                sequence.map { $0.map(Double.init) }, weight: conv.weight.value.map(Double.init),
                bias: conv.bias.value.map(Double.init), inputChannels: c
            ).flatMap { $0.map { max($0, 0) } }
            let actual = unpack(y, layout: layout, sequence: i, channels: o).flatMap { $0 }
            let mismatch = worstMismatch(actual, expected, absolute: 1e-6, relative: 1e-5)
            #expect(mismatch == nil, "level \(level), sequence \(i): \(mismatch ?? "")")
        }

        // All 16 input-gradient columns by the kernel, against 15 asked for (not a multiple
        // of 8), which takes the three BLAS products and writes every column.
        func inputGradient(columns: Int) -> [Float] {
            var dy = randomValues(layout.rowCount * o, seed: 12)
            var dx = [Float](repeating: .nan, count: layout.rowCount * c)
            var dw = [Float](repeating: 0, count: conv.weight.count)
            var db = [Float](repeating: 0, count: o)
            conv.backward(
                input: x, dOutput: &dy, dInput: &dx, dInputColumns: columns, dWeight: &dw,
                dBias: &db, layout: layout, scratch: FloatBuffer())
            // Only rows of sequence steps carry meaning.
            return (0..<layout.count).flatMap {
                unpack(dx, layout: layout, sequence: $0, channels: c).flatMap { $0 }
            }
        }
        let viaBLAS = inputGradient(columns: 15).map(Double.init)
        let mismatch = worstMismatch(
            inputGradient(columns: 16), viaBLAS, absolute: 1e-6, relative: 1e-5)
        #expect(mismatch == nil, "level \(level): \(mismatch ?? "")")
    }
}
