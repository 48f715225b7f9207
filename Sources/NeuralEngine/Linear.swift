/// A fully connected layer `y = x W^T + b`, PyTorch's `nn.Linear`.
///
/// Shapes: input `[N, C]`, output `[N, C']`, `weight` `[C', C]`, `bias` `[C']`.
public final class Linear: @unchecked Sendable {
    /// `[C', C]`, U(-1/sqrt(C), 1/sqrt(C)).
    public let weight: Parameter
    /// `[C']`, same distribution.
    public let bias: Parameter
    /// `C`.
    public let inputSize: Int
    /// `C'`.
    public let outputSize: Int

    /// Creates a layer with PyTorch's default initialisation.
    public init(name: String, inputSize: Int, outputSize: Int, generator: inout SeededGenerator) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        let bound = 1 / Float(inputSize).squareRoot()
        weight = Parameter(
            name: "\(name).weight", shape: [outputSize, inputSize],
            value: (0..<(outputSize * inputSize)).map { _ in generator.uniform(-bound, bound) })
        bias = Parameter(
            name: "\(name).bias", shape: [outputSize],
            value: (0..<outputSize).map { _ in generator.uniform(-bound, bound) })
    }

    /// Writes `output` `[N, C']` for `input` `[N, C]`.
    public func forward(
        input: UnsafePointer<Float>, rows n: Int, output: UnsafeMutablePointer<Float>
    ) {
        let c = inputSize, o = outputSize
        weight.value.withUnsafeBufferPointer { w in
            bias.value.withUnsafeBufferPointer { b in
                for r in 0..<n { (output + r * o).update(from: b.baseAddress!, count: o) }
                BLAS.gemm(
                    transposeB: true, m: n, n: o, k: c, a: input, lda: c, b: w.baseAddress!,
                    ldb: c, beta: 1, c: output, ldc: o)
            }
        }
    }

    /// Accumulates `dWeight += dy^T x` and `dBias += sum dy`, and writes `dInput = dy W` when
    /// given.
    public func backward(
        input: UnsafePointer<Float>, dOutput: UnsafePointer<Float>, rows n: Int,
        dInput: UnsafeMutablePointer<Float>?, dWeight: UnsafeMutablePointer<Float>,
        dBias: UnsafeMutablePointer<Float>
    ) {
        let c = inputSize, o = outputSize
        BLAS.gemm(
            transposeA: true, m: o, n: c, k: n, a: dOutput, lda: o, b: input, ldb: c, beta: 1,
            c: dWeight, ldc: c)
        for r in 0..<n {
            for j in 0..<o { dBias[j] += dOutput[r * o + j] }
        }
        guard let dInput else { return }
        weight.value.withUnsafeBufferPointer { w in
            BLAS.gemm(
                m: n, n: c, k: o, a: dOutput, lda: o, b: w.baseAddress!, ldb: c, beta: 0,
                c: dInput, ldc: c)
        }
    }
}
