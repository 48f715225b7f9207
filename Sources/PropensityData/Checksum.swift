import CZlib

/// A running CRC-32 (zlib's polynomial), the event store's checksum.
struct Checksum {
    private(set) var value: UInt32 = 0

    /// Folds `bytes` into the checksum.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var remaining = bytes.count
        var crc = uLong(value)
        // zlib takes a 32-bit length: feed large buffers in pieces.
        while remaining > 0 {
            let step = min(remaining, 1 << 30)
            crc = crc32(crc, base, uInt(step))
            base += step
            remaining -= step
        }
        value = UInt32(truncatingIfNeeded: crc)
    }

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var checksum = Checksum()
        checksum.update(bytes)
        return checksum.value
    }
}
