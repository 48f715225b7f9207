/// Vectorised exponential, sigmoid and tanh for the LSTM's gate pass.
///
/// `exp` is the classic range reduction `x = n ln 2 + r` with a degree-6 polynomial for
/// `exp(r)` (Cephes' coefficients), accurate to about 2 ulp over the clamped range; sigmoid and
/// tanh are built from it, so tanh near 0 is accurate in absolute (about 1e-7) rather than
/// relative terms, which is all a network needs.
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

    /// `e^x` for each lane; inputs are clamped to about [-87.3, 88.3] so the result is a
    /// normal float.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        // Masked replacement compiles to compares and blends; `clamped` does not inline.
        var clamped = x
        clamped.replace(with: Vector(repeating: -87.3), where: x .< Vector(repeating: -87.3))
        clamped.replace(with: Vector(repeating: 88.3), where: x .> Vector(repeating: 88.3))
        // n = round(x / ln 2) via the 1.5 * 2^23 trick: the sum's low mantissa bits hold n.
        let magic = Vector(repeating: 12_582_912)
        let shifted = clamped * Vector(repeating: 1.442_695_04) + magic
        let n = shifted - magic
        var r = clamped - n * Vector(repeating: 0.693_359_375)
        r = r - n * Vector(repeating: -2.121_944_4e-4)
        var p = Vector(repeating: 1.987_569_150_0e-4)
        p = p * r + Vector(repeating: 1.398_199_950_7e-3)
        p = p * r + Vector(repeating: 8.333_451_907_3e-3)
        p = p * r + Vector(repeating: 4.166_579_589_4e-2)
        p = p * r + Vector(repeating: 1.666_666_545_9e-1)
        p = p * r + Vector(repeating: 5.000_000_120_1e-1)
        let poly = p * (r * r) + r + Vector(repeating: 1)
        let nBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self)
            &- unsafeBitCast(magic, to: SIMD8<Int32>.self)
        let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: Vector.self)
        return poly * scale
    }

    /// `1 / (1 + e^-x)` for each lane.
    @inline(__always)
    static func sigmoid(_ x: Vector) -> Vector {
        Vector(repeating: 1) / (Vector(repeating: 1) + exp(-x))
    }

    /// `tanh(x) = 2 sigmoid(2x) - 1` for each lane.
    @inline(__always)
    static func tanh(_ x: Vector) -> Vector {
        Vector(repeating: 2) / (Vector(repeating: 1) + exp(x * Vector(repeating: -2)))
            - Vector(repeating: 1)
    }

    /// Scalar sigmoid with the same maths, for tests and odd sizes.
    static func sigmoid(_ x: Float) -> Float { sigmoid(Vector(repeating: x))[0] }

    /// Scalar tanh with the same maths, for tests and odd sizes.
    static func tanh(_ x: Float) -> Float { tanh(Vector(repeating: x))[0] }
}
