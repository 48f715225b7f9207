import CKernels

/// A kernel-3 one-dimensional convolution with "same" zero padding over a packed batch,
/// PyTorch's `nn.Conv1d(C, C', 3, padding: 1)` applied to each sequence alone.
///
/// Shapes: input `[R, C]`, output `[R, C']` in the same ``SequenceLayout``; `weight`
/// `[C', C, K]`, `bias` `[C']`. Separator rows are zero on input (so they act as the zero
/// padding at both ends of each sequence) and are re-zeroed on output:
///
/// ```
/// y[t, o] = bias[o] + sum over c, k of weight[o, c, k] * x[t + k - 1, c]
/// ```
///
/// Rows `t - 1, t, t + 1` of the packed input are adjacent in memory, so the forward pass is
/// one product of that overlapping view with a copy of the weights rearranged to
/// `[K, C, C']` (call ``prepare()`` after each update), bias and ReLU fused, in a C kernel
/// (`CKernels`); the backward pass uses three BLAS products per tap.
public final class Conv1D: @unchecked Sendable {
    /// `[C', C, K]`, U(-1/sqrt(C K), 1/sqrt(C K)) like PyTorch.
    public let weight: Parameter
    /// `[C']`, same distribution.
    public let bias: Parameter
    /// `C`.
    public let inputChannels: Int
    /// `C'`.
    public let outputChannels: Int
    /// `K`, always 3.
    public let kernelSize = 3
    private let taps: FloatBuffer
    /// The taps for the backward pass's input gradient, `[K, C', C]`, tap order reversed.
    private let backwardTaps: FloatBuffer
    /// Instruction set of the kernels (`ck_simd_level()`; tests pin lower ones).
    var kernelLevel = ck_simd_level()

    /// Creates a convolution with PyTorch's default initialisation.
    public init(
        name: String, inputChannels: Int, outputChannels: Int, generator: inout SeededGenerator
    ) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        let k = 3
        let bound = 1 / Float(inputChannels * k).squareRoot()
        weight = Parameter(
            name: "\(name).weight", shape: [outputChannels, inputChannels, k],
            value: (0..<(outputChannels * inputChannels * k)).map { _ in
                generator.uniform(-bound, bound)
            })
        bias = Parameter(
            name: "\(name).bias", shape: [outputChannels],
            value: (0..<outputChannels).map { _ in generator.uniform(-bound, bound) })
        taps = FloatBuffer(capacity: k * inputChannels * outputChannels)
        backwardTaps = FloatBuffer(capacity: k * inputChannels * outputChannels)
        prepare()
    }

    /// Rearranges `weight` into the per-tap `[K, C, C']` copy the forward product uses and
    /// the `[K, C', C]` copy (taps reversed) the input gradient uses.
    public func prepare() {
        let c = inputChannels, o = outputChannels, k = kernelSize
        let t = taps.reserve(k * c * o), back = backwardTaps.reserve(k * c * o)
        weight.value.withUnsafeBufferPointer { w in
            for oi in 0..<o {
                for ci in 0..<c {
                    for ki in 0..<k {
                        let value = w[(oi * c + ci) * k + ki]
                        t[(ki * c + ci) * o + oi] = value
                        back[((k - 1 - ki) * o + oi) * c + ci] = value
                    }
                }
            }
        }
    }

    /// Computes `output` `[R, C']` from `input` `[R, C]` (separator rows of `input` must be
    /// zero); separator rows of `output` are set to zero. With `rectify`, applies ReLU in the
    /// same pass (the same as calling ``ReLU/forward(_:count:)`` afterwards).
    public func forward(
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, layout: SequenceLayout,
        rectify: Bool = false
    ) {
        let c = inputChannels, o = outputChannels, rows = layout.rowCount
        precondition(rows >= 2, "conv: layout has \(rows) rows")
        let m = rows - 2
        if o % 8 == 0 {
            bias.value.withUnsafeBufferPointer { b in
                ck_conv3_forward(
                    kernelLevel, m, c, o, input, taps.pointer, o, b.baseAddress!,
                    rectify ? 1 : 0, output, o)
            }
        } else {
            forwardByTaps(input: input, output: output, rows: rows, rectify: rectify)
        }
        for r in layout.separatorRows { (output + r * o).update(repeating: 0, count: o) }
    }

    /// The same as the kernel, as three BLAS products (one per tap) and a bias pass, for
    /// output widths the kernel does not take.
    private func forwardByTaps(
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, rows: Int,
        rectify: Bool
    ) {
        let c = inputChannels, o = outputChannels
        let m = rows - 2
        for k in 0..<kernelSize {
            BLAS.gemm(
                m: m, n: o, k: c, a: input + k * c, lda: c, b: taps.pointer + k * c * o, ldb: o,
                beta: k == 0 ? 0 : 1, c: output + o, ldc: o)
        }
        bias.value.withUnsafeBufferPointer { b in
            for r in 1..<(rows - 1) {
                let row = output + r * o
                var j = 0
                while j + 8 <= o {
                    var v = FastMath.load(row + j) + FastMath.load(b.baseAddress! + j)
                    if rectify {
                        v.replace(with: FastMath.Vector(), where: .!(v .> FastMath.Vector()))
                    }
                    FastMath.store(v, row + j)
                    j += 8
                }
                while j < o {
                    let v = row[j] + b[j]
                    row[j] = rectify && !(v > 0) ? 0 : v
                    j += 1
                }
            }
        }
    }

    /// Back-propagates `dOutput` `[R, C']` (its separator rows are zeroed in place, since the
    /// forward pass fixed them): accumulates into `dWeight` `[C', C, K]` and `dBias` `[C']`
    /// and, when given, writes `dInput` `[R, C]`, or only its first `dInputColumns` columns
    /// when those are all the caller needs. `scratch` holds the per-tap products.
    ///
    /// The input gradient is the forward kernel run on `dOutput` with the taps reversed and
    /// transposed: `dx[u] = sum over k of dy[u + 1 - k] tap[k]^T`, rows `u - 1 ... u + 1` of
    /// `dy` being adjacent again.
    public func backward(
        input: UnsafePointer<Float>, dOutput: UnsafeMutablePointer<Float>,
        dInput: UnsafeMutablePointer<Float>?, dInputColumns: Int? = nil,
        dWeight: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
        layout: SequenceLayout, scratch: FloatBuffer
    ) {
        let c = inputChannels, o = outputChannels, rows = layout.rowCount, kk = kernelSize
        let m = rows - 2
        for r in layout.separatorRows { (dOutput + r * o).update(repeating: 0, count: o) }
        for r in 1..<(rows - 1) {
            let row = dOutput + r * o
            for j in 0..<o { dBias[j] += row[j] }
        }

        // Per tap: dTap[k] = x[rows shifted by k - 1]^T dy, then scattered into [C', C, K].
        let dTaps = scratch.reserve(kk * c * o)
        for k in 0..<kk {
            BLAS.gemm(
                transposeA: true, m: c, n: o, k: m, a: input + k * c, lda: c,
                b: dOutput + o, ldb: o, beta: 0, c: dTaps + k * c * o, ldc: o)
        }
        for oi in 0..<o {
            for ci in 0..<c {
                for k in 0..<kk { dWeight[(oi * c + ci) * kk + k] += dTaps[(k * c + ci) * o + oi] }
            }
        }

        guard let dInput else { return }
        dInput.update(repeating: 0, count: c)
        (dInput + (rows - 1) * c).update(repeating: 0, count: c)
        let columns = dInputColumns ?? c
        if columns % 8 == 0 {
            ck_conv3_forward(
                kernelLevel, m, o, columns, dOutput, backwardTaps.pointer, c, nil, 0, dInput, c)
            return
        }
        // dx[t + k - 1] += dy[t] tap[k]^T; the centre tap covers rows 1..R-2 and overwrites.
        for k in [1, 0, 2] {
            BLAS.gemm(
                transposeB: true, m: m, n: c, k: o, a: dOutput + o, lda: o,
                b: taps.pointer + k * c * o, ldb: o, beta: k == 1 ? 0 : 1,
                c: dInput + k * c, ldc: c)
        }
    }
}
