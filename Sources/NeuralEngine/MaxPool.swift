/// Max-pool of width 2 along time whose pairs end at each sequence's latest step.
///
/// A sequence of `n` steps becomes `ceil(n / 2)` steps: the latest output is the max of the
/// latest two inputs, and so on back in time; when `n` is odd the oldest input stands alone.
/// (PyTorch's `max_pool1d` over a left-padded batch of even length does the same, the oldest
/// step pairing with a zeroed pad that never wins over a ReLU output.)
///
/// Shapes: input `[R, C]` in `layout`, output `[R', C]` in `layout.pooled`, `argmax` `[R', C]`
/// the input row each output came from (ties go to the older step).
public enum MaxPool {
    /// Pools `input` into `output` and, when given, records the winning rows in `argmax`;
    /// output separator rows are zero. With `timeMajorStarts` (the LSTM's step blocks, see
    /// ``LSTM/score(layout:finalHidden:cache:input:)``), output step `j` of sequence `i` goes
    /// to row `timeMajorStarts[j] + i` instead, with no separators.
    public static func forward(
        input: UnsafePointer<Float>, layout: SequenceLayout, channels c: Int,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>? = nil,
        timeMajorStarts: UnsafePointer<Int>? = nil
    ) {
        let pooled = layout.pooled
        if timeMajorStarts == nil {
            for r in pooled.separatorRows {
                (output + r * c).update(repeating: 0, count: c)
                argmax.map { ($0 + r * c).update(repeating: -1, count: c) }
            }
        }
        for i in 0..<layout.count {
            let n = layout.lengths[i], p = pooled.lengths[i]
            let inBase = layout.offsets[i], outBase = pooled.offsets[i]
            for j in 0..<p {
                // Output j covers input steps n - 2(p - j) and the one after; the first may be
                // before the oldest step.
                let later = n - 2 * (p - j) + 1
                let row = timeMajorStarts.map { $0[j] + i } ?? outBase + j
                let out = output + row * c
                let arg = argmax.map { $0 + row * c }
                let laterRow = inBase + later
                let x1 = input + laterRow * c
                if later == 0 {
                    out.update(from: x1, count: c)
                    arg?.update(repeating: Int32(laterRow), count: c)
                    continue
                }
                let x0 = x1 - c
                var ch = 0
                // Eight channels at a time; ties go to the older step as below.
                while ch + 8 <= c {
                    let a = FastMath.load(x1 + ch), b = FastMath.load(x0 + ch)
                    let takeLater = a .> b
                    var best = b
                    best.replace(with: a, where: takeLater)
                    FastMath.store(best, out + ch)
                    if let arg {
                        var rows = SIMD8<Int32>(repeating: Int32(laterRow - 1))
                        rows.replace(with: Int32(laterRow), where: takeLater)
                        UnsafeMutableRawPointer(arg + ch).storeBytes(
                            of: rows, as: SIMD8<Int32>.self)
                    }
                    ch += 8
                }
                for ch in ch..<c {
                    let takeLater = x1[ch] > x0[ch]
                    out[ch] = takeLater ? x1[ch] : x0[ch]
                    arg?[ch] = Int32(takeLater ? laterRow : laterRow - 1)
                }
            }
        }
    }

    /// Routes each output gradient to its winning input: `dInput` `[R, C]` is overwritten.
    public static func backward(
        dOutput: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, layout: SequenceLayout,
        channels c: Int, dInput: UnsafeMutablePointer<Float>
    ) {
        dInput.update(repeating: 0, count: layout.rowCount * c)
        let pooled = layout.pooled
        for i in 0..<pooled.count {
            let base = pooled.offsets[i]
            for r in base..<(base + pooled.lengths[i]) {
                for ch in 0..<c {
                    let source = Int(argmax[r * c + ch])
                    dInput[source * c + ch] += dOutput[r * c + ch]
                }
            }
        }
    }

    /// ``backward(dOutput:argmax:layout:channels:dInput:)`` followed by
    /// ``ReLU/backward(output:gradient:count:)`` in one pass, for a pool over ReLU outputs:
    /// each output gradient goes to its winning input (found again from `input` `[R, C]` by
    /// the forward rule) when that input is positive; every other row of `dInput` is zero.
    public static func backwardThroughReLU(
        dOutput: UnsafePointer<Float>, input: UnsafePointer<Float>, layout: SequenceLayout,
        channels c: Int, dInput: UnsafeMutablePointer<Float>
    ) {
        typealias M = FastMath
        let zero = M.Vector()
        let pooled = layout.pooled
        for r in layout.separatorRows { (dInput + r * c).update(repeating: 0, count: c) }
        for i in 0..<layout.count {
            let n = layout.lengths[i], p = pooled.lengths[i]
            let inBase = layout.offsets[i], outBase = pooled.offsets[i]
            for j in 0..<p {
                let later = n - 2 * (p - j) + 1
                let d = dOutput + (outBase + j) * c
                let x1 = input + (inBase + later) * c, g1 = dInput + (inBase + later) * c
                var ch = 0
                if later == 0 {
                    // The oldest step alone.
                    while ch + 8 <= c {
                        var v = M.load(d + ch)
                        v.replace(with: zero, where: .!(M.load(x1 + ch) .> zero))
                        M.store(v, g1 + ch)
                        ch += 8
                    }
                    for ch in ch..<c { g1[ch] = x1[ch] > 0 ? d[ch] : 0 }
                    continue
                }
                let x0 = x1 - c, g0 = g1 - c
                while ch + 8 <= c {
                    let a = M.load(x1 + ch), b = M.load(x0 + ch), v = M.load(d + ch)
                    let takeLater = a .> b
                    var toLater = v, toOlder = v
                    toLater.replace(with: zero, where: .!takeLater .| .!(a .> zero))
                    toOlder.replace(with: zero, where: takeLater .| .!(b .> zero))
                    M.store(toLater, g1 + ch)
                    M.store(toOlder, g0 + ch)
                    ch += 8
                }
                for ch in ch..<c {
                    let takeLater = x1[ch] > x0[ch]
                    g1[ch] = takeLater && x1[ch] > 0 ? d[ch] : 0
                    g0[ch] = !takeLater && x0[ch] > 0 ? d[ch] : 0
                }
            }
        }
    }
}
