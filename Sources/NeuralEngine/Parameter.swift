/// One named trainable tensor with its gradient, stored row-major in PyTorch's layout.
///
/// Names and shapes follow PyTorch (`conv1.weight` `[64, 54, 3]`, `lstm.weight_ih_l0`
/// `[4H, C]`), so weights copy to and from a PyTorch model without reshuffling.
public final class Parameter: @unchecked Sendable {
    /// PyTorch-style name, e.g. `lstm.weight_hh_l0`.
    public let name: String
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// Values, row-major, `shape.reduce(1, *)` of them.
    public var value: [Float]
    /// Gradient of the loss with respect to `value`, same layout.
    public var gradient: [Float]

    /// Creates a parameter of `shape` holding `value`.
    public init(name: String, shape: [Int], value: [Float]) {
        precondition(
            value.count == shape.reduce(1, *),
            "parameter \(name): \(value.count) values for shape \(shape)")
        self.name = name
        self.shape = shape
        self.value = value
        self.gradient = [Float](repeating: 0, count: value.count)
    }

    /// Number of scalars.
    public var count: Int { value.count }

    /// Sets the gradient to zero.
    public func zeroGradient() {
        gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}
