import Foundation
import NeuralEngine
import Testing

@Suite struct LSTMTests {
    let c = 3, h = 8
    let lengths = [5, 3, 3, 1, 0]

    func makeLSTM() -> LSTM {
        var generator = SeededGenerator(seed: 21)
        return LSTM(name: "lstm", inputSize: c, hiddenSize: h, generator: &generator)
    }

    func sequences() -> [[[Float]]] {
        lengths.enumerated().map { i, n in
            (0..<n).map { t in randomValues(c, scale: 2, seed: UInt64(50 * i + t + 9)) }
        }
    }

    @Test func namesAndShapesFollowPyTorch() {
        let lstm = makeLSTM()
        #expect(lstm.weightIH.name == "lstm.weight_ih_l0" && lstm.weightIH.shape == [4 * h, c])
        #expect(lstm.weightHH.name == "lstm.weight_hh_l0" && lstm.weightHH.shape == [4 * h, h])
        #expect(lstm.biasIH.name == "lstm.bias_ih_l0" && lstm.biasIH.shape == [4 * h])
        #expect(lstm.biasHH.name == "lstm.bias_hh_l0" && lstm.biasHH.shape == [4 * h])
        let bound = 1 / Float(h).squareRoot()
        #expect(lstm.weightHH.value.allSatisfy { abs($0) <= bound })
    }

    @Test func forwardAndBackwardMatchReferenceAndFiniteDifferences() {
        let lstm = makeLSTM()
        let seqs = sequences()
        let (layout, x) = pack(seqs, channels: c)
        let cache = LSTM.Cache()
        var final = [Float](repeating: .nan, count: layout.count * h)
        lstm.forward(input: x, layout: layout, finalHidden: &final, cache: cache)

        let wih = lstm.weightIH.value.map(Double.init), whh = lstm.weightHH.value.map(Double.init)
        let bih = lstm.biasIH.value.map(Double.init), bhh = lstm.biasHH.value.map(Double.init)
        let input = seqs.map { $0.map { $0.map(Double.init) } }
        let expected = input.flatMap {
            Reference.lstm(
                $0, weightIH: wih, weightHH: whh, biasIH: bih, biasHH: bhh, hiddenSize: h)
        }
        #expect(worstMismatch(final, expected, absolute: 1e-6, relative: 1e-5) == nil,
                "\(worstMismatch(final, expected, absolute: 1e-6, relative: 1e-5) ?? "")")

        let upstream = randomValues(layout.count * h, seed: 77)
        var dx = [Float](repeating: .nan, count: layout.rowCount * c)
        var dwih = [Float](repeating: 0, count: wih.count)
        var dwhh = [Float](repeating: 0, count: whh.count)
        var dbih = [Float](repeating: 0, count: bih.count)
        var dbhh = [Float](repeating: 0, count: bhh.count)
        lstm.backward(
            input: x, layout: layout, dFinalHidden: upstream, cache: cache, dInput: &dx,
            dWeightIH: &dwih, dWeightHH: &dwhh, dBiasIH: &dbih, dBiasHH: &dbhh)

        func loss(
            _ input: [[[Double]]], _ wih: [Double], _ whh: [Double], _ bih: [Double],
            _ bhh: [Double]
        ) -> Double {
            var total = 0.0
            for (i, s) in input.enumerated() {
                let hidden = Reference.lstm(
                    s, weightIH: wih, weightHH: whh, biasIH: bih, biasHH: bhh, hiddenSize: h)
                for j in 0..<h { total += hidden[j] * Double(upstream[i * h + j]) }
            }
            return total
        }
        let checks: [(String, [Float], [Double])] = [
            ("weightIH", dwih, finiteDifference(wih) { loss(input, $0, whh, bih, bhh) }),
            ("weightHH", dwhh, finiteDifference(whh) { loss(input, wih, $0, bih, bhh) }),
            ("biasIH", dbih, finiteDifference(bih) { loss(input, wih, whh, $0, bhh) }),
            ("biasHH", dbhh, finiteDifference(bhh) { loss(input, wih, whh, bih, $0) }),
        ]
        for (name, analytic, numeric) in checks {
            let mismatch = worstMismatch(analytic, numeric)
            #expect(mismatch == nil, "\(name): \(mismatch ?? "")")
        }
        let flat = input.flatMap { $0.flatMap { $0 } }
        let fdInput = finiteDifference(flat) { values in
            var k = 0
            let rebuilt = input.map { s in
                s.map { r in r.map { _ in defer { k += 1 }; return values[k] } }
            }
            return loss(rebuilt, wih, whh, bih, bhh)
        }
        let analytic = (0..<layout.count).flatMap {
            unpack(dx, layout: layout, sequence: $0, channels: c).flatMap { $0 }
        }
        let inputMismatch = worstMismatch(analytic, fdInput)
        #expect(inputMismatch == nil, "\(inputMismatch ?? "")")
    }

    @Test func emptySequenceEndsWithZeroState() {
        let lstm = makeLSTM()
        let (layout, x) = pack([[[1, 2, 3]], []], channels: c)
        var final = [Float](repeating: .nan, count: 2 * h)
        lstm.forward(input: x, layout: layout, finalHidden: &final, cache: LSTM.Cache())
        #expect(final[h...].allSatisfy { $0 == 0 })
        #expect(final[..<h].contains { $0 != 0 })
    }
}

@Suite struct LinearTests {
    @Test func forwardAndBackwardMatchReferenceAndFiniteDifferences() {
        var generator = SeededGenerator(seed: 4)
        let layer = Linear(name: "out", inputSize: 5, outputSize: 2, generator: &generator)
        #expect(layer.weight.name == "out.weight" && layer.weight.shape == [2, 5])
        let n = 3
        let x = randomValues(n * 5, seed: 8)
        var y = [Float](repeating: 0, count: n * 2)
        layer.forward(input: x, rows: n, output: &y)
        let w = layer.weight.value.map(Double.init), b = layer.bias.value.map(Double.init)
        let rows = (0..<n).map { r in x[(r * 5)..<(r * 5 + 5)].map(Double.init) }
        let expected = rows.flatMap { Reference.linear($0, weight: w, bias: b) }
        #expect(worstMismatch(y, expected, absolute: 1e-6) == nil)

        let upstream = randomValues(n * 2, seed: 9)
        var dx = [Float](repeating: 0, count: n * 5)
        var dw = [Float](repeating: 0, count: 10)
        var db = [Float](repeating: 0, count: 2)
        layer.backward(input: x, dOutput: upstream, rows: n, dInput: &dx, dWeight: &dw, dBias: &db)
        func loss(_ rows: [[Double]], _ w: [Double], _ b: [Double]) -> Double {
            var total = 0.0
            for (r, row) in rows.enumerated() {
                let out = Reference.linear(row, weight: w, bias: b)
                for j in 0..<2 { total += out[j] * Double(upstream[r * 2 + j]) }
            }
            return total
        }
        #expect(worstMismatch(dw, finiteDifference(w) { loss(rows, $0, b) }) == nil)
        #expect(worstMismatch(db, finiteDifference(b) { loss(rows, w, $0) }) == nil)
        let fdx = finiteDifference(rows.flatMap { $0 }) { v in
            loss((0..<n).map { Array(v[($0 * 5)..<($0 * 5 + 5)]) }, w, b)
        }
        #expect(worstMismatch(dx, fdx) == nil)
    }
}
