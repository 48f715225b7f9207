/// The rectifier `y = max(0, x)`, applied in place to any activation.
public enum ReLU {
    /// Replaces each of the `count` values with `max(0, x)`.
    public static func forward(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count where !(values[i] > 0) { values[i] = 0 }
    }

    /// Zeroes the gradient where the output was not positive: `dx = dy * (y > 0)`, in place.
    public static func backward(
        output: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int
    ) {
        for i in 0..<count where !(output[i] > 0) { gradient[i] = 0 }
    }
}
