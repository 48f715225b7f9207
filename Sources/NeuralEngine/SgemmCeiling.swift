import CBLAS
import Foundation

/// What OpenBLAS's sgemm achieves on this machine: the ceiling that the models' achieved
/// GFLOP/s are compared with in the speed benchmarks.
public enum SgemmCeiling {
    /// GFLOP/s of square `size` x `size` products on `threads` threads, the best of repeated
    /// rounds lasting about `seconds` in all. Leaves OpenBLAS single-threaded afterwards, as
    /// the engine expects.
    public static func measure(size: Int = 1024, threads: Int, seconds: Double = 1.5) -> Double {
        openblas_set_num_threads(Int32(threads))
        defer { openblas_set_num_threads(1) }
        var generator = SeededGenerator(seed: 1)
        let a = (0..<(size * size)).map { _ in generator.normal() }
        let b = (0..<(size * size)).map { _ in generator.normal() }
        var c = [Float](repeating: 0, count: size * size)
        let flops = 2.0 * Double(size) * Double(size) * Double(size)
        var best = 0.0
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        repeat {
            let start = DispatchTime.now().uptimeNanoseconds
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(size), Int32(size), Int32(size),
                1, a, Int32(size), b, Int32(size), 0, &c, Int32(size))
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = max(best, flops / elapsed / 1e9)
        } while DispatchTime.now().uptimeNanoseconds < deadline
        return best
    }
}
