/// Eight-lane loads and stores for the element-wise passes written in Swift (ReLU, max-pool,
/// the convolution's fallback epilogue). The exp-based sigmoid and tanh of the LSTM's gate
/// pass live in the C kernels (`CKernels/VectorCommon.h`), compiled for AVX-512 or AVX2.
enum FastMath {
    /// Eight float lanes.
    typealias Vector = SIMD8<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }
}
