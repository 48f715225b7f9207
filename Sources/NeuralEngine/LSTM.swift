/// A one-layer LSTM over a packed batch, PyTorch's `nn.LSTM(C, H, batch_first: true)` run on
/// each sequence alone from a zero state; it returns each sequence's last hidden state.
///
/// Shapes: input `[R, C]` in a ``SequenceLayout`` sorted by length, longest first; output
/// `[N, H]`; `weightIH` `[4H, C]`, `weightHH` `[4H, H]`, `biasIH` and `biasHH` `[4H]`, gate
/// blocks in PyTorch's order input, forget, cell, output:
///
/// ```
/// (i, f, g, o) = (σ, σ, tanh, σ)(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
/// c_t = f c_{t-1} + i g,   h_t = o tanh(c_t),   h_{-1} = c_{-1} = 0
/// ```
///
/// The input projection of all steps is one matrix product; the recurrence then runs step by
/// step over only the sequences still running (a prefix of the sorted batch), so padding
/// costs nothing. `H` must be a multiple of 8 (the gate pass works on 8 lanes).
public final class LSTM: @unchecked Sendable {
    /// `[4H, C]`.
    public let weightIH: Parameter
    /// `[4H, H]`.
    public let weightHH: Parameter
    /// `[4H]`.
    public let biasIH: Parameter
    /// `[4H]`.
    public let biasHH: Parameter
    /// `C`.
    public let inputSize: Int
    /// `H`.
    public let hiddenSize: Int
    private let combinedBias: FloatBuffer

    /// What the backward pass needs from one forward pass, and the scratch both use. Each
    /// thread owns one; buffers grow to the largest batch seen and are then reused.
    public final class Cache: @unchecked Sendable {
        let gates = FloatBuffer()  // [R, 4H] activated gates; gate gradients in backward
        let cells = FloatBuffer()  // [R, H] c_t, zero on separators
        let hidden = FloatBuffer()  // [R, H] h_t, zero on separators
        let state = FloatBuffer()  // [N, H] running h (forward) or dh (backward)
        let cellGradient = FloatBuffer()  // [N, H] dc in backward
        let step = FloatBuffer()  // [N, 4H] h W_hh^T (forward) or step gate gradients
        /// Creates empty buffers.
        public init() {}
    }

    /// Creates an LSTM with PyTorch's default initialisation, U(-1/sqrt(H), 1/sqrt(H)) for all
    /// four tensors, drawn in the order weightIH, weightHH, biasIH, biasHH.
    public init(name: String, inputSize: Int, hiddenSize: Int, generator: inout SeededGenerator) {
        precondition(hiddenSize % 8 == 0, "LSTM hidden size \(hiddenSize) is not a multiple of 8")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        let bound = 1 / Float(hiddenSize).squareRoot()
        func draw(_ count: Int) -> [Float] {
            (0..<count).map { _ in generator.uniform(-bound, bound) }
        }
        let g = 4 * hiddenSize
        weightIH = Parameter(
            name: "\(name).weight_ih_l0", shape: [g, inputSize], value: draw(g * inputSize))
        weightHH = Parameter(
            name: "\(name).weight_hh_l0", shape: [g, hiddenSize], value: draw(g * hiddenSize))
        biasIH = Parameter(name: "\(name).bias_ih_l0", shape: [g], value: draw(g))
        biasHH = Parameter(name: "\(name).bias_hh_l0", shape: [g], value: draw(g))
        combinedBias = FloatBuffer(capacity: g)
        prepare()
    }

    /// Refreshes `biasIH + biasHH`, used by the gate pass; call after each update.
    public func prepare() {
        let b = combinedBias.reserve(4 * hiddenSize)
        for j in 0..<(4 * hiddenSize) { b[j] = biasIH.value[j] + biasHH.value[j] }
    }

    // MARK: - Forward

    /// Runs every sequence of `input` `[R, C]` and writes its last hidden state to
    /// `finalHidden` `[N, H]` (zero for an empty sequence); `cache` keeps what backward needs.
    public func forward(
        input: UnsafePointer<Float>, layout: SequenceLayout,
        finalHidden: UnsafeMutablePointer<Float>, cache: Cache
    ) {
        precondition(layout.isSortedByLengthDescending, "LSTM needs lengths sorted descending")
        let h = hiddenSize, g4 = 4 * h, rows = layout.rowCount, n = layout.count
        let gates = cache.gates.reserve(rows * g4)
        let cells = cache.cells.reserve(rows * h)
        let hidden = cache.hidden.reserve(rows * h)
        let state = cache.state.zeroed(n * h)
        let recurrent = cache.step.reserve(n * g4)
        for r in layout.separatorRows {
            (cells + r * h).update(repeating: 0, count: h)
            (hidden + r * h).update(repeating: 0, count: h)
        }
        weightIH.value.withUnsafeBufferPointer { wih in
            BLAS.gemm(
                transposeB: true, m: rows, n: g4, k: inputSize, a: input, lda: inputSize,
                b: wih.baseAddress!, ldb: inputSize, beta: 0, c: gates, ldc: g4)
        }
        let bias = UnsafePointer(combinedBias.pointer)
        let offsets = layout.offsets
        var active = n
        weightHH.value.withUnsafeBufferPointer { whh in
            for s in 0..<layout.maxLength {
                while active > 0 && layout.lengths[active - 1] <= s { active -= 1 }
                if s > 0 {
                    BLAS.gemm(
                        transposeB: true, m: active, n: g4, k: h, a: state, lda: h,
                        b: whh.baseAddress!, ldb: h, beta: 0, c: recurrent, ldc: g4)
                }
                for i in 0..<active {
                    let r = offsets[i] + s
                    Self.gateForward(
                        gates: gates + r * g4, recurrent: s > 0 ? recurrent + i * g4 : nil,
                        bias: bias, previousCell: cells + (r - 1) * h, cell: cells + r * h,
                        hidden: hidden + r * h, state: state + i * h, hiddenSize: h)
                }
            }
        }
        finalHidden.update(from: state, count: n * h)
    }

    @inline(__always)
    private static func gateForward(
        gates: UnsafeMutablePointer<Float>, recurrent: UnsafePointer<Float>?,
        bias: UnsafePointer<Float>, previousCell: UnsafePointer<Float>,
        cell: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
        state: UnsafeMutablePointer<Float>, hiddenSize h: Int
    ) {
        typealias M = FastMath
        var j = 0
        while j < h {
            var pi = M.load(gates + j) + M.load(bias + j)
            var pf = M.load(gates + h + j) + M.load(bias + h + j)
            var pg = M.load(gates + 2 * h + j) + M.load(bias + 2 * h + j)
            var po = M.load(gates + 3 * h + j) + M.load(bias + 3 * h + j)
            if let recurrent {
                pi += M.load(recurrent + j)
                pf += M.load(recurrent + h + j)
                pg += M.load(recurrent + 2 * h + j)
                po += M.load(recurrent + 3 * h + j)
            }
            let gi = M.sigmoid(pi), gf = M.sigmoid(pf), gg = M.tanh(pg), go = M.sigmoid(po)
            let c = gf * M.load(previousCell + j) + gi * gg
            let hv = go * M.tanh(c)
            M.store(gi, gates + j)
            M.store(gf, gates + h + j)
            M.store(gg, gates + 2 * h + j)
            M.store(go, gates + 3 * h + j)
            M.store(c, cell + j)
            M.store(hv, hidden + j)
            M.store(hv, state + j)
            j += 8
        }
    }

    // MARK: - Backward

    /// Back-propagates `dFinalHidden` `[N, H]` through the pass recorded in `cache`:
    /// accumulates into the four parameter gradients and, when given, writes `dInput`
    /// `[R, C]`.
    public func backward(
        input: UnsafePointer<Float>, layout: SequenceLayout,
        dFinalHidden: UnsafePointer<Float>, cache: Cache, dInput: UnsafeMutablePointer<Float>?,
        dWeightIH: UnsafeMutablePointer<Float>, dWeightHH: UnsafeMutablePointer<Float>,
        dBiasIH: UnsafeMutablePointer<Float>, dBiasHH: UnsafeMutablePointer<Float>
    ) {
        let h = hiddenSize, g4 = 4 * h, rows = layout.rowCount, n = layout.count
        let gates = cache.gates.pointer, cells = cache.cells.pointer
        let hidden = cache.hidden.pointer
        let dState = cache.state.reserve(n * h)
        dState.update(from: dFinalHidden, count: n * h)
        let dCell = cache.cellGradient.zeroed(n * h)
        let stepGradient = cache.step.reserve(n * g4)
        let offsets = layout.offsets
        var active = 0
        weightHH.value.withUnsafeBufferPointer { whh in
            for s in stride(from: layout.maxLength - 1, through: 0, by: -1) {
                while active < n && layout.lengths[active] > s { active += 1 }
                for i in 0..<active {
                    let r = offsets[i] + s
                    Self.gateBackward(
                        gates: gates + r * g4, previousCell: cells + (r - 1) * h,
                        cell: cells + r * h, dHidden: dState + i * h, dCell: dCell + i * h,
                        stepGradient: stepGradient + i * g4, hiddenSize: h)
                }
                if s > 0 {
                    BLAS.gemm(
                        m: active, n: h, k: g4, a: stepGradient, lda: g4, b: whh.baseAddress!,
                        ldb: h, beta: 0, c: dState, ldc: h)
                }
            }
        }
        // Gate gradients now sit in `gates`; separators carry none.
        for r in layout.separatorRows { (gates + r * g4).update(repeating: 0, count: g4) }
        BLAS.gemm(
            transposeA: true, m: g4, n: inputSize, k: rows, a: gates, lda: g4, b: input,
            ldb: inputSize, beta: 1, c: dWeightIH, ldc: inputSize)
        // dW_hh pairs the gate gradient of row r with h of row r - 1 (zero at a sequence start).
        BLAS.gemm(
            transposeA: true, m: g4, n: h, k: rows - 1, a: gates + g4, lda: g4, b: hidden,
            ldb: h, beta: 1, c: dWeightHH, ldc: h)
        for r in 0..<rows {
            let row = gates + r * g4
            for j in 0..<g4 {
                dBiasIH[j] += row[j]
                dBiasHH[j] += row[j]
            }
        }
        if let dInput {
            weightIH.value.withUnsafeBufferPointer { wih in
                BLAS.gemm(
                    m: rows, n: inputSize, k: g4, a: gates, lda: g4, b: wih.baseAddress!,
                    ldb: inputSize, beta: 0, c: dInput, ldc: inputSize)
            }
        }
    }

    /// One step of one sequence backwards: reads dh (`dHidden`) and the carried dc, writes
    /// the pre-activation gate gradients over `gates` and into `stepGradient`, and leaves
    /// `dc f` in `dCell` for the step before.
    @inline(__always)
    private static func gateBackward(
        gates: UnsafeMutablePointer<Float>, previousCell: UnsafePointer<Float>,
        cell: UnsafePointer<Float>, dHidden: UnsafePointer<Float>,
        dCell: UnsafeMutablePointer<Float>, stepGradient: UnsafeMutablePointer<Float>,
        hiddenSize h: Int
    ) {
        typealias M = FastMath
        let one = M.Vector(repeating: 1)
        var j = 0
        while j < h {
            let gi = M.load(gates + j), gf = M.load(gates + h + j)
            let gg = M.load(gates + 2 * h + j), go = M.load(gates + 3 * h + j)
            let tc = M.tanh(M.load(cell + j))
            let dh = M.load(dHidden + j)
            let dc = M.load(dCell + j) + dh * go * (one - tc * tc)
            let di = dc * gg * gi * (one - gi)
            let df = dc * M.load(previousCell + j) * gf * (one - gf)
            let dg = dc * gi * (one - gg * gg)
            let dout = dh * tc * go * (one - go)
            M.store(dc * gf, dCell + j)
            M.store(di, gates + j)
            M.store(df, gates + h + j)
            M.store(dg, gates + 2 * h + j)
            M.store(dout, gates + 3 * h + j)
            M.store(di, stepGradient + j)
            M.store(df, stepGradient + h + j)
            M.store(dg, stepGradient + 2 * h + j)
            M.store(dout, stepGradient + 3 * h + j)
            j += 8
        }
    }
}
