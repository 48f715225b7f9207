/// A lookup table from category ids to learned vectors, PyTorch's `nn.Embedding` with
/// `padding_idx = 0`: id 0 maps to the zero row and that row never learns.
///
/// Shapes: `weight` `[V, D]`; ids `[R]` (strided), output rows `[R, D]` written into a wider
/// packed activation (leading dimension `ldo`), so the three levels and the numbers land side by
/// side in one `[R, 54]` matrix.
public final class Embedding: @unchecked Sendable {
    /// `[V, D]`, initialised N(0, 1) with row 0 zero.
    public let weight: Parameter
    /// `V`.
    public let vocabularySize: Int
    /// `D`.
    public let dimension: Int

    /// Creates a table of `vocabularySize` rows of `dimension` values drawn from N(0, 1).
    public init(
        name: String, vocabularySize: Int, dimension: Int, generator: inout SeededGenerator
    ) {
        precondition(vocabularySize >= 1 && dimension >= 1)
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        var values = (0..<(vocabularySize * dimension)).map { _ in generator.normal() }
        for j in 0..<dimension { values[j] = 0 }
        weight = Parameter(name: name, shape: [vocabularySize, dimension], value: values)
    }

    /// Copies the row of each id: `output[r, 0..<D] = weight[ids[r * idStride]]`.
    public func forward(
        ids: UnsafePointer<Int32>, idStride: Int, rows: Int,
        output: UnsafeMutablePointer<Float>, ldo: Int
    ) {
        let d = dimension
        weight.value.withUnsafeBufferPointer { w in
            for r in 0..<rows {
                let id = Int(ids[r * idStride])
                precondition(
                    id >= 0 && id < vocabularySize,
                    "\(weight.name): id \(id) outside vocabulary of \(vocabularySize)")
                (output + r * ldo).update(from: w.baseAddress! + id * d, count: d)
            }
        }
    }

    /// Adds each row's output gradient to its id's row: `dWeight[ids[r]] += dOutput[r]`,
    /// skipping the padding id 0.
    public func backward(
        ids: UnsafePointer<Int32>, idStride: Int, rows: Int,
        dOutput: UnsafePointer<Float>, ldd: Int, dWeight: UnsafeMutablePointer<Float>
    ) {
        let d = dimension
        for r in 0..<rows {
            let id = Int(ids[r * idStride])
            if id == 0 { continue }
            let target = dWeight + id * d
            let source = dOutput + r * ldd
            for j in 0..<d { target[j] += source[j] }
        }
    }
}
