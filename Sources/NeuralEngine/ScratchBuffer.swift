/// A grow-only scratch buffer, so hot loops reuse memory instead of allocating.
///
/// `reserve` keeps the allocation when it is big enough and otherwise replaces it (contents are
/// not kept). Each thread owns its buffers; the type does no locking.
public final class ScratchBuffer<Element: BitwiseCopyable & ExpressibleByIntegerLiteral>:
    @unchecked Sendable
{
    /// Start of the storage (valid for `capacity` elements).
    public private(set) var pointer: UnsafeMutablePointer<Element>
    /// Number of elements allocated.
    public private(set) var capacity: Int

    /// Creates a buffer holding `capacity` zeros.
    public init(capacity: Int = 0) {
        self.capacity = max(capacity, 1)
        pointer = .allocate(capacity: self.capacity)
        pointer.initialize(repeating: 0, count: self.capacity)
    }

    deinit { pointer.deallocate() }

    /// Makes room for `count` elements and returns the storage (contents unspecified).
    @discardableResult
    public func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            pointer.deallocate()
            capacity = count + count / 4
            pointer = .allocate(capacity: capacity)
            pointer.initialize(repeating: 0, count: capacity)
        }
        return pointer
    }

    /// Makes room for `count` elements, sets them to zero and returns the storage.
    @discardableResult
    public func zeroed(_ count: Int) -> UnsafeMutablePointer<Element> {
        let p = reserve(count)
        p.update(repeating: 0, count: count)
        return p
    }
}

/// Scratch floats.
public typealias FloatBuffer = ScratchBuffer<Float>
