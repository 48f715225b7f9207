#if canImport(Glibc)
import Glibc
#endif

/// Runs work with subnormal floats flushed to zero on the calling thread.
///
/// Gradients that travel back through hundreds of LSTM steps shrink into the subnormal range,
/// where every multiply is about 20 times slower; values that small (< 1.2e-38) do not change
/// any weight, so flushing them costs no accuracy. The previous mode is restored afterwards.
public enum FloatingPointMode {
    /// Calls `body` with the x86 flush-to-zero and denormals-are-zero bits set (elsewhere it
    /// just calls `body`).
    public static func flushingSubnormals<T>(_ body: () throws -> T) rethrows -> T {
        #if canImport(Glibc) && arch(x86_64)
        var saved = fenv_t()
        fegetenv(&saved)
        var flushing = saved
        flushing.__mxcsr |= 0x8040  // FTZ (bit 15) and DAZ (bit 6)
        fesetenv(&flushing)
        defer { fesetenv(&saved) }
        return try body()
        #else
        return try body()
        #endif
    }
}
