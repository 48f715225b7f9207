/// One point of a curve drawn in the report: ROC (false-positive rate, true-positive rate),
/// precision-recall (recall, precision), a learning curve, and so on.
public struct CurvePoint: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
