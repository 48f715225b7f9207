import Foundation
import NeuralEngine
import Testing

@Suite struct Conv1DTests {
    let c = 3, o = 4
    let lengths = [3, 6, 1, 2]

    func makeConv() -> Conv1D {
        var generator = SeededGenerator(seed: 11)
        return Conv1D(name: "conv", inputChannels: c, outputChannels: o, generator: &generator)
    }

    func sequences() -> [[[Float]]] {
        lengths.enumerated().map { i, n in
            (0..<n).map { t in randomValues(c, seed: UInt64(100 * i + t)) }
        }
    }

    @Test func forwardMatchesPaddedReferenceAndZeroesSeparators() throws {
        let conv = makeConv()
        let (layout, x) = pack(sequences(), channels: c)
        var y = [Float](repeating: .nan, count: layout.rowCount * o)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer {
                conv.forward(input: xp.baseAddress!, output: $0.baseAddress!, layout: layout)
            }
        }
        for (i, sequence) in sequences().enumerated() {
            let expected = Reference.conv(
                sequence.map { $0.map(Double.init) }, weight: conv.weight.value.map(Double.init),
                bias: conv.bias.value.map(Double.init), inputChannels: c)
            let actual = unpack(y, layout: layout, sequence: i, channels: o)
            let mismatch = worstMismatch(
                actual.flatMap { $0 }, expected.flatMap { $0 }, absolute: 1e-6, relative: 1e-5)
            #expect(mismatch == nil, "sequence \(i): \(mismatch ?? "")")
        }
        for r in layout.separatorRows {
            #expect(y[(r * o)..<(r * o + o)].allSatisfy { $0 == 0 }, "separator row \(r)")
        }
    }

    @Test func backwardMatchesFiniteDifferences() {
        let conv = makeConv()
        let seqs = sequences()
        let (layout, x) = pack(seqs, channels: c)
        let upstream = randomValues(layout.rowCount * o, seed: 5)
        var dy = upstream
        var dx = [Float](repeating: 0, count: layout.rowCount * c)
        var dw = [Float](repeating: 0, count: conv.weight.count)
        var db = [Float](repeating: 0, count: o)
        let scratch = FloatBuffer()
        x.withUnsafeBufferPointer { xp in
            conv.backward(
                input: xp.baseAddress!, dOutput: &dy, dInput: &dx, dWeight: &dw, dBias: &db,
                layout: layout, scratch: scratch)
        }

        // loss = sum over valid output rows of y * upstream.
        func loss(input: [[[Double]]], weight: [Double], bias: [Double]) -> Double {
            var total = 0.0
            for (i, sequence) in input.enumerated() {
                let y = Reference.conv(sequence, weight: weight, bias: bias, inputChannels: c)
                for (t, row) in y.enumerated() {
                    for j in 0..<o {
                        total += row[j] * Double(upstream[(layout.offsets[i] + t) * o + j])
                    }
                }
            }
            return total
        }
        let input = seqs.map { $0.map { $0.map(Double.init) } }
        let w = conv.weight.value.map(Double.init), b = conv.bias.value.map(Double.init)
        let fdWeight = finiteDifference(w) { loss(input: input, weight: $0, bias: b) }
        let fdBias = finiteDifference(b) { loss(input: input, weight: w, bias: $0) }
        #expect(worstMismatch(dw, fdWeight) == nil, "\(worstMismatch(dw, fdWeight) ?? "")")
        #expect(worstMismatch(db, fdBias) == nil, "\(worstMismatch(db, fdBias) ?? "")")

        let flat = input.flatMap { $0.flatMap { $0 } }
        let fdInput = finiteDifference(flat) { values in
            var k = 0
            let rebuilt = input.map { s in
                s.map { r in r.map { _ in defer { k += 1 }; return values[k] } }
            }
            return loss(input: rebuilt, weight: w, bias: b)
        }
        let analytic = (0..<layout.count).flatMap {
            unpack(dx, layout: layout, sequence: $0, channels: c).flatMap { $0 }
        }
        let inputMismatch = worstMismatch(analytic, fdInput)
        #expect(inputMismatch == nil, "\(inputMismatch ?? "")")
    }

    @Test func initialisationIsPyTorchUniformWithinBound() {
        let conv = makeConv()
        let bound = 1 / Float(c * 3).squareRoot()
        #expect(conv.weight.shape == [o, c, 3])
        #expect(conv.weight.value.allSatisfy { abs($0) <= bound })
        #expect(conv.bias.value.allSatisfy { abs($0) <= bound })
        #expect(Set(conv.weight.value).count == conv.weight.count)
    }
}

@Suite struct MaxPoolTests {
    @Test func pairsEndAtLatestStepAndOddOldestStandsAlone() {
        // One channel, lengths 5 and 2: outputs max(x0), max(x1,x2), max(x3,x4); max(y0,y1).
        let layout = SequenceLayout(lengths: [5, 2])
        let x: [Float] = [0, 1, 7, 3, 2, 5, 0, 4, 9, 0]
        var y = [Float](repeating: .nan, count: layout.pooled.rowCount)
        var arg = [Int32](repeating: 0, count: layout.pooled.rowCount)
        MaxPool.forward(input: x, layout: layout, channels: 1, output: &y, argmax: &arg)
        #expect(layout.pooled.lengths == [3, 1])
        #expect(y == [0, 1, 7, 5, 0, 9, 0])
        #expect(arg == [-1, 1, 2, 5, -1, 8, -1])
        var dx = [Float](repeating: .nan, count: layout.rowCount)
        MaxPool.backward(
            dOutput: [0, 10, 20, 30, 0, 40, 0], argmax: arg, layout: layout, channels: 1,
            dInput: &dx)
        #expect(dx == [0, 10, 20, 0, 0, 30, 0, 0, 40, 0])
    }

    @Test func backwardMatchesFiniteDifferences() {
        let c = 3
        let lengths = [5, 4, 1, 2]
        let seqs = lengths.enumerated().map { i, n in
            (0..<n).map { t in randomValues(c, seed: UInt64(7 * i + t + 1)) }
        }
        let (layout, x) = pack(seqs, channels: c)
        let pooled = layout.pooled
        let upstream = randomValues(pooled.rowCount * c, seed: 3)
        var y = [Float](repeating: 0, count: pooled.rowCount * c)
        var arg = [Int32](repeating: 0, count: pooled.rowCount * c)
        MaxPool.forward(input: x, layout: layout, channels: c, output: &y, argmax: &arg)
        var dx = [Float](repeating: 0, count: layout.rowCount * c)
        MaxPool.backward(dOutput: upstream, argmax: arg, layout: layout, channels: c, dInput: &dx)
        for (i, s) in seqs.enumerated() {
            let expected = Reference.pool(s.map { $0.map(Double.init) })
            let actual = unpack(y, layout: pooled, sequence: i, channels: c)
            #expect(worstMismatch(actual.flatMap { $0 }, expected.flatMap { $0 }) == nil)
            let fd = finiteDifference(s.flatMap { $0 }.map(Double.init)) { v in
                let rows = (0..<s.count).map { Array(v[($0 * c)..<($0 * c + c)]) }
                let out = Reference.pool(rows)
                var total = 0.0
                for (t, row) in out.enumerated() {
                    for j in 0..<c {
                        total += row[j] * Double(upstream[(pooled.offsets[i] + t) * c + j])
                    }
                }
                return total
            }
            let analytic = unpack(dx, layout: layout, sequence: i, channels: c).flatMap { $0 }
            #expect(worstMismatch(analytic, fd) == nil, "sequence \(i)")
        }
    }
}

@Suite struct ReLUTests {
    @Test func forwardClampsAndBackwardMasksByOutput() {
        var values: [Float] = [-2, 0, 0.5, 3, -0.1]
        ReLU.forward(&values, count: values.count)
        #expect(values == [0, 0, 0.5, 3, 0])
        var gradient: [Float] = [1, 2, 3, 4, 5]
        ReLU.backward(output: values, gradient: &gradient, count: values.count)
        #expect(gradient == [0, 0, 3, 4, 0])
    }
}
