import NeuralEngine
import Testing

@Suite struct FloatingPointModeTests {
    @Test func subnormalResultsAreFlushedOnlyInsideTheBlock() {
        // Loaded from an array so the compiler cannot fold the product.
        let factors: [Float] = [1e-30, 1e-10]
        let inside = FloatingPointMode.flushingSubnormals { factors[0] * factors[1] }
        let outside = factors[0] * factors[1]
        #if arch(x86_64)
        #expect(inside == 0)
        #endif
        #expect(outside > 0 && outside < Float.leastNormalMagnitude)
    }
}
