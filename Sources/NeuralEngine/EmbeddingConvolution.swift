import CKernels

/// Embedding lookups followed by the first ``Conv1D``, for scoring, as table lookups.
///
/// The step input of the first convolution is `L` embeddings of width `D`, then `P` numbers
/// (`C = L D + P` channels). An embedding row depends only on its id, so its product with
/// tap `k` of the weights can be computed once per vocabulary entry:
///
/// ```
/// table[l][v][k][o] = sum over d of E_l[v, d] * weight[o, l D + d, k]
/// y[t, o] = bias[o] + sum over k, p of x_num[t + k - 1, p] * weight[o, L D + p, k]
///         + sum over k, l of table[l][id_l(t + k - 1)][k][o]
/// ```
///
/// which is ``Conv1D/forward(input:output:layout:rectify:)`` on the embedded input with the
/// terms summed in another order (scores agree to float rounding, not bit for bit), at
/// `3 (P C' + L C')` operations per row instead of `3 C C'`. Tables are `[V_l, 3, C']`, one
/// after another after a zero row that separator rows point at. Scoring only: the tables
/// are rebuilt when ``update(embeddings:convolution:)`` sees other weights.
public final class EmbeddingConvolution: @unchecked Sendable {
    /// Rows `[1 + sum V_l, 3, C']`: row 0 zero, then each level's table.
    private let table = FloatBuffer()
    /// Number taps `[3P, C']`, tap-major.
    private let numberTaps = FloatBuffer()
    private let bias = FloatBuffer()
    /// The weights the tables were built from (embeddings, then the convolution weight).
    private var source: [Float] = []
    /// First table row of each level (its id 0).
    public private(set) var levelBases: [Int] = []
    /// `P`.
    public private(set) var numberChannels = 0
    /// `C'`.
    public private(set) var outputChannels = 0
    /// Instruction set of the kernel (`ck_simd_level()`; tests pin lower ones).
    var kernelLevel = ck_simd_level()

    /// Creates an empty set of tables; ``update(embeddings:convolution:)`` fills them.
    public init() {}

    /// Whether the kernel takes `convolution` (output channels a multiple of 16).
    public static func supports(_ convolution: Conv1D) -> Bool {
        convolution.outputChannels % 16 == 0
    }

    /// Rebuilds the tables when the embeddings or the convolution changed since the last call
    /// (the convolution's input is the embeddings in order, then the numbers).
    public func update(embeddings: [Embedding], convolution: Conv1D) {
        var current = [Float]()
        for embedding in embeddings { current += embedding.weight.value }
        current += convolution.weight.value
        current += convolution.bias.value
        if current == source { return }
        source = current
        rebuild(embeddings: embeddings, convolution: convolution)
    }

    private func rebuild(embeddings: [Embedding], convolution: Conv1D) {
        let c = convolution.inputChannels, o = convolution.outputChannels, k = 3
        let embedded = embeddings.reduce(0) { $0 + $1.dimension }
        precondition(embedded <= c, "embeddings of \(embedded) channels exceed conv input \(c)")
        let p = c - embedded
        numberChannels = p
        outputChannels = o
        var bases = [Int](), row = 1
        for embedding in embeddings {
            bases.append(row)
            row += embedding.vocabularySize
        }
        levelBases = bases
        let t = table.reserve(row * k * o)
        t.update(repeating: 0, count: k * o)
        let taps = numberTaps.reserve(max(k * p * o, 1))
        let b = bias.reserve(o)
        convolution.weight.value.withUnsafeBufferPointer { w in
            for oi in 0..<o {
                b[oi] = convolution.bias.value[oi]
                for pi in 0..<p {
                    for ki in 0..<k {
                        taps[(ki * p + pi) * o + oi] = w[(oi * c + embedded + pi) * k + ki]
                    }
                }
            }
            var channel = 0
            for (level, embedding) in embeddings.enumerated() {
                let d = embedding.dimension
                embedding.weight.value.withUnsafeBufferPointer { e in
                    for v in 0..<embedding.vocabularySize {
                        let out = t + (bases[level] + v) * k * o
                        for ki in 0..<k {
                            for oi in 0..<o {
                                var sum = 0.0
                                for di in 0..<d {
                                    sum += Double(e[v * d + di])
                                        * Double(w[(oi * c + channel + di) * k + ki])
                                }
                                out[ki * o + oi] = Float(sum)
                            }
                        }
                    }
                }
                channel += d
            }
        }
    }

    /// Computes the first convolution's output `[R, C']` (separator rows zero) from the
    /// numbers `[R, P]` and the table rows `ids` `[R, L]` (``levelBases`` plus the id; 0 on
    /// separator rows), with ReLU fused when `rectify`.
    public func forward(
        numbers: UnsafePointer<Float>, ids: UnsafePointer<Int32>,
        output: UnsafeMutablePointer<Float>, layout: SequenceLayout, rectify: Bool
    ) {
        let rows = layout.rowCount, o = outputChannels
        precondition(rows >= 2, "conv: layout has \(rows) rows")
        ck_conv3_lookup_forward(
            kernelLevel, rows - 2, levelBases.count, numberChannels, o, numbers, ids,
            numberTaps.pointer, table.pointer, bias.pointer, rectify ? 1 : 0, output, o)
        for r in layout.separatorRows { (output + r * o).update(repeating: 0, count: o) }
    }
}
