import Dispatch
import Foundation

/// Runs independent pieces of work on all cores.
enum Parallel {
    /// Calls `body(i)` for every `i` in `0..<count`, concurrently, and waits for all.
    ///
    /// Each call must touch only its own state (its own output array or file range): the
    /// closure is shared across threads unchecked. The first error by index is rethrown after
    /// every call has finished.
    static func forEach(_ count: Int, _ body: (Int) throws -> Void) throws {
        guard count > 1 else {
            if count == 1 { try body(0) }
            return
        }
        var errors = [Error?](repeating: nil, count: count)
        try withoutActuallyEscaping(body) { body in
            try errors.withUnsafeMutableBufferPointer { slots in
                let shared = Unchecked((body, slots))
                DispatchQueue.concurrentPerform(iterations: count) { i in
                    do {
                        try shared.value.0(i)
                    } catch {
                        shared.value.1[i] = error
                    }
                }
                if let error = slots.lazy.compactMap({ $0 }).first { throw error }
            }
        }
    }

    /// `body` applied to `0..<count`, computed concurrently, in index order.
    static func map<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
        var results = [T?](repeating: nil, count: count)
        try results.withUnsafeMutableBufferPointer { slots in
            let shared = Unchecked(slots)
            try forEach(count) { i in shared.value[i] = try body(i) }
        }
        return results.map { $0! }
    }
}

/// A value computed on its own thread while the caller goes on; `value()` waits for it.
final class BackgroundValue<T>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread (not the shared pool, which `Parallel` keeps busy).
    init(_ body: @escaping () throws -> T) {
        let work = Unchecked(body)
        let thread = Thread { [self] in
            result = Result(catching: work.value)
            done.signal()
        }
        thread.start()
    }

    /// Waits until the value is there, then returns it or throws its error.
    func value() throws -> T {
        done.wait()
        done.signal()  // later calls return at once
        return try result!.get()
    }
}

/// A value handed to other threads without a Sendable check; users keep accesses disjoint.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
