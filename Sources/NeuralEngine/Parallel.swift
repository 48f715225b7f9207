import Dispatch

/// Runs independent pieces of work on a few threads.
public enum Parallel {
    /// Calls `body(i)` for `i` in `0..<count`, on up to `threads` threads at once. Each `i`
    /// must touch only its own memory; the caller reduces results in a fixed order afterwards,
    /// so results never depend on scheduling.
    public static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        if threads <= 1 || count <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: count) { i in box.value(i) }
        }
    }
}

private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
