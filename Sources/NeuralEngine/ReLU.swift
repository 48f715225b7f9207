/// The rectifier `y = max(0, x)`, applied in place to any activation.
public enum ReLU {
    /// Replaces each of the `count` values with `max(0, x)`.
    public static func forward(_ values: UnsafeMutablePointer<Float>, count: Int) {
        typealias M = FastMath
        let zero = M.Vector(repeating: 0)
        var i = 0
        while i + 8 <= count {
            var v = M.load(values + i)
            v.replace(with: zero, where: .!(v .> zero))
            M.store(v, values + i)
            i += 8
        }
        while i < count {
            values[i] = values[i] > 0 ? values[i] : 0
            i += 1
        }
    }

    /// Zeroes the gradient where the output was not positive: `dx = dy * (y > 0)`, in place.
    public static func backward(
        output: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int
    ) {
        typealias M = FastMath
        let zero = M.Vector(repeating: 0)
        var i = 0
        // Explicit lanes: the scalar loop does not vectorise (the pointers may alias).
        while i + 8 <= count {
            var g = M.load(gradient + i)
            g.replace(with: zero, where: .!(M.load(output + i) .> zero))
            M.store(g, gradient + i)
            i += 8
        }
        while i < count {
            if !(output[i] > 0) { gradient[i] = 0 }
            i += 1
        }
    }
}
