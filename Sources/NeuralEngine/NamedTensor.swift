/// A copy of one parameter's values with its PyTorch-style name and shape, for snapshots and
/// saved models.
public struct NamedTensor: Sendable, Equatable {
    /// E.g. `conv1.weight`.
    public var name: String
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// Row-major values.
    public var values: [Float]

    /// Creates a tensor; `values.count` must equal the product of `shape`.
    public init(name: String, shape: [Int], values: [Float]) {
        precondition(
            values.count == shape.reduce(1, *), "\(name): \(values.count) values for \(shape)")
        self.name = name
        self.shape = shape
        self.values = values
    }
}

extension Parameter {
    /// A copy of the current values.
    public var snapshot: NamedTensor { NamedTensor(name: name, shape: shape, values: value) }

    /// Overwrites the values from `tensor`, which must have this parameter's name and shape.
    public func load(_ tensor: NamedTensor) {
        precondition(
            tensor.name == name && tensor.shape == shape,
            "cannot load \(tensor.name) \(tensor.shape) into \(name) \(shape)")
        value = tensor.values
    }
}
