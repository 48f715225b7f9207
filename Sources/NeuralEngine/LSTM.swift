import CKernels

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
/// step over only the sequences still running (a prefix of the sorted batch, stored
/// time-major so each step touches contiguous rows), so padding costs nothing. Each step's
/// recurrent product and gate pass are one fused C kernel (`CKernels`, AVX-512 or AVX2 chosen
/// at run time) reading `W_hh` from a copy packed once per update. `H` must be a multiple
/// of 8.
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
    /// `W_hh` rearranged for the forward kernel; refreshed by ``prepare()``.
    private let packedHH: FloatBuffer
    /// Instruction set of the kernels (`ck_simd_level()`; tests pin lower ones). Call
    /// ``prepare()`` after changing it: the packed weights depend on it.
    var kernelLevel = ck_simd_level()

    /// What the backward pass needs from one forward pass, and the scratch both use. Each
    /// thread owns one; buffers grow to the largest batch seen and are then reused.
    ///
    /// Inside, rows are time-major: block `s` holds step `s` of the `n_s` sequences still
    /// running (a prefix of the sorted batch), so each step reads and writes contiguous rows.
    public final class Cache: @unchecked Sendable {
        let steps = ScratchBuffer<Int>()  // [maxLength] sequences running at each step
        let starts = ScratchBuffer<Int>()  // [maxLength + 1] first row of each step's block
        let input = FloatBuffer()  // [T, C] input rows, time-major; dInput in backward
        let gates = FloatBuffer()  // [T, 4H] activated gates; gate gradients in backward
        let cells = FloatBuffer()  // [T, H] c_t
        let cellTanh = FloatBuffer()  // [T, H] tanh(c_t)
        let hidden = FloatBuffer()  // [T, H] h_t
        let previousHidden = FloatBuffer()  // [T, H] h_{t-1} (zero at step 0)
        let state = FloatBuffer()  // [N, H] dh in backward; running h and c when scoring
        let biasGradient = FloatBuffer()  // [4H]
        let cellGradient = FloatBuffer()  // [N, H] dc in backward
        /// Creates empty buffers.
        public init() {}

        /// Fills `steps` and `starts` for `layout` and returns the total number of steps `T`.
        func plan(_ layout: SequenceLayout) -> Int {
            let maxLength = layout.maxLength
            let counts = steps.reserve(max(maxLength, 1))
            let begin = starts.reserve(maxLength + 1)
            var active = layout.count
            var row = 0
            for s in 0..<maxLength {
                while active > 0 && layout.lengths[active - 1] <= s { active -= 1 }
                counts[s] = active
                begin[s] = row
                row += active
            }
            begin[maxLength] = row
            return row
        }
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
        packedHH = FloatBuffer(capacity: ck_lstm_packed_count(hiddenSize))
        prepare()
    }

    /// Refreshes `biasIH + biasHH` and the packed `W_hh` the kernels read; call after each
    /// update of the weights.
    public func prepare() {
        let b = combinedBias.reserve(4 * hiddenSize)
        for j in 0..<(4 * hiddenSize) { b[j] = biasIH.value[j] + biasHH.value[j] }
        let packed = packedHH.reserve(ck_lstm_packed_count(hiddenSize))
        weightHH.value.withUnsafeBufferPointer { w in
            ck_lstm_pack(kernelLevel, hiddenSize, w.baseAddress!, packed)
        }
    }

    // MARK: - Forward

    /// Runs every sequence of `input` `[R, C]` and writes its last hidden state to
    /// `finalHidden` `[N, H]` (zero for an empty sequence). With `training` (the default),
    /// `cache` keeps what `backward` needs; without, only the running state is kept. Both
    /// give the same `finalHidden`, bit for bit: each output is the same sum in the same order.
    public func forward(
        input: UnsafePointer<Float>, layout: SequenceLayout,
        finalHidden: UnsafeMutablePointer<Float>, cache: Cache, training: Bool = true
    ) {
        precondition(layout.isSortedByLengthDescending, "LSTM needs lengths sorted descending")
        let h = hiddenSize, g4 = 4 * h, c = inputSize, n = layout.count
        let offsets = layout.offsets
        // Time-major copy of the input.
        func timeMajor(_ x: UnsafeMutablePointer<Float>, _ starts: UnsafePointer<Int>) {
            for s in 0..<layout.maxLength {
                for i in 0..<(starts[s + 1] - starts[s]) {
                    (x + (starts[s] + i) * c).update(from: input + (offsets[i] + s) * c, count: c)
                }
            }
        }
        if !training {
            score(layout: layout, finalHidden: finalHidden, cache: cache, input: timeMajor)
            return
        }
        let total = cache.plan(layout)
        let counts = cache.steps.pointer, starts = cache.starts.pointer
        let x = cache.input.reserve(max(total, 1) * c)
        let gates = cache.gates.reserve(max(total, 1) * g4)
        timeMajor(x, starts)
        project(x, rows: total, into: gates)
        let steps = layout.maxLength
        let cells = cache.cells.reserve(max(total, 1) * h)
        let hidden = cache.hidden.reserve(max(total, 1) * h)
        ck_lstm_forward(
            kernelLevel, h, steps, counts, starts, gates, combinedBias.pointer,
            packedHH.pointer, cells, hidden, cache.cellTanh.reserve(max(total, 1) * h),
            cache.previousHidden.reserve(max(total, 1) * h))
        for i in 0..<n {
            let length = layout.lengths[i]
            if length == 0 {
                (finalHidden + i * h).update(repeating: 0, count: h)
            } else {
                (finalHidden + i * h).update(from: hidden + (starts[length - 1] + i) * h, count: h)
            }
        }
    }

    /// Scoring without a packed input: `input(x, starts)` writes the time-major input
    /// `x` `[T, C]` itself, step `s` of sequence `i` at row `starts[s] + i` (`starts` has
    /// `maxLength + 1` entries, the last being `T`); then the same as
    /// ``forward(input:layout:finalHidden:cache:training:)`` without `training`, bit for bit.
    public func score(
        layout: SequenceLayout, finalHidden: UnsafeMutablePointer<Float>, cache: Cache,
        input: (UnsafeMutablePointer<Float>, UnsafePointer<Int>) -> Void
    ) {
        precondition(layout.isSortedByLengthDescending, "LSTM needs lengths sorted descending")
        let h = hiddenSize, n = layout.count
        let total = cache.plan(layout)
        let counts = cache.steps.pointer, starts = cache.starts.pointer
        let x = cache.input.reserve(max(total, 1) * inputSize)
        let gates = cache.gates.reserve(max(total, 1) * 4 * h)
        input(x, starts)
        project(x, rows: total, into: gates)
        let steps = layout.maxLength
        // Empty sequences are never written by the kernel.
        let running = steps > 0 ? counts[0] : 0
        (finalHidden + running * h).update(repeating: 0, count: (n - running) * h)
        ck_lstm_infer(
            kernelLevel, h, steps, counts, gates, combinedBias.pointer, packedHH.pointer,
            finalHidden, cache.state.reserve(3 * max(running, 1) * h))
    }

    /// The input projection of all steps at once: `gates = x W_ih^T` `[T, 4H]`.
    private func project(
        _ x: UnsafePointer<Float>, rows: Int, into gates: UnsafeMutablePointer<Float>
    ) {
        let c = inputSize, g4 = 4 * hiddenSize
        weightIH.value.withUnsafeBufferPointer { wih in
            BLAS.gemm(
                transposeB: true, m: rows, n: g4, k: c, a: x, lda: c, b: wih.baseAddress!,
                ldb: c, beta: 0, c: gates, ldc: g4)
        }
    }

    // MARK: - Backward

    /// Back-propagates `dFinalHidden` `[N, H]` through the pass recorded in `cache`:
    /// accumulates into the four parameter gradients and, when given, writes `dInput`
    /// `[R, C]` (zero on separators).
    public func backward(
        input: UnsafePointer<Float>, layout: SequenceLayout,
        dFinalHidden: UnsafePointer<Float>, cache: Cache, dInput: UnsafeMutablePointer<Float>?,
        dWeightIH: UnsafeMutablePointer<Float>, dWeightHH: UnsafeMutablePointer<Float>,
        dBiasIH: UnsafeMutablePointer<Float>, dBiasHH: UnsafeMutablePointer<Float>
    ) {
        let h = hiddenSize, g4 = 4 * h, c = inputSize, n = layout.count
        let total = cache.plan(layout)
        let counts = cache.steps.pointer, starts = cache.starts.pointer
        let x = cache.input.pointer, gates = cache.gates.pointer, cells = cache.cells.pointer
        let dState = cache.state.reserve(n * h)
        dState.update(from: dFinalHidden, count: n * h)
        let dCell = cache.cellGradient.zeroed(n * h)
        weightHH.value.withUnsafeBufferPointer { whh in
            ck_lstm_backward(
                kernelLevel, h, layout.maxLength, counts, starts, gates, cells,
                cache.cellTanh.pointer,
                whh.baseAddress!, dState, dCell)
        }
        // Gate gradients now sit in `gates`, time-major.
        BLAS.gemm(
            transposeA: true, m: g4, n: c, k: total, a: gates, lda: g4, b: x, ldb: c, beta: 1,
            c: dWeightIH, ldc: c)
        BLAS.gemm(
            transposeA: true, m: g4, n: h, k: total, a: gates, lda: g4,
            b: cache.previousHidden.pointer, ldb: h, beta: 1, c: dWeightHH, ldc: h)
        // Both biases get the same gradient: the column sums of the gate gradients.
        let sums = cache.biasGradient.zeroed(g4)
        ck_add_column_sums(gates, total, g4, g4, sums)
        for j in 0..<g4 {
            dBiasIH[j] += sums[j]
            dBiasHH[j] += sums[j]
        }
        guard let dInput else { return }
        // The time-major input copy is no longer needed: it takes dInput, then is scattered.
        weightIH.value.withUnsafeBufferPointer { wih in
            BLAS.gemm(
                m: total, n: c, k: g4, a: gates, lda: g4, b: wih.baseAddress!, ldb: c, beta: 0,
                c: x, ldc: c)
        }
        for r in layout.separatorRows { (dInput + r * c).update(repeating: 0, count: c) }
        let offsets = layout.offsets
        for s in 0..<layout.maxLength {
            for i in 0..<counts[s] {
                (dInput + (offsets[i] + s) * c).update(from: x + (starts[s] + i) * c, count: c)
            }
        }
    }
}
