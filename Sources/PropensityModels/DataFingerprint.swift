import PropensitySamples

/// A 64-bit FNV-1a hash of the events a model was trained on, so a model file names the data
/// behind it and two runs can tell whether they saw the same log.
///
/// The hash runs over the sorted event log, column by column, each value's little-endian bytes:
/// user, time, basket, product (Int64), quantity, amount, discount (Double bit patterns), then
/// per level the category text of every event, each followed by a zero byte. It changes with
/// any purchase, price or category, and not with the order of rows in the input files, since
/// the log is sorted; returns (quantity <= 0) are not in the log and do not count.
public struct DataFingerprint: Codable, Sendable, Equatable {
    /// Always `fnv1a64`.
    public var algorithm: String
    /// The hash as 16 lower-case hex digits.
    public var value: String
    /// Purchases (events) hashed.
    public var events: Int
    /// Users with at least one purchase.
    public var users: Int

    /// The fingerprint of `log`.
    public init(of log: EventLog) {
        var hash = FNV1a64()
        for column in [log.user, log.time, log.basket, log.product] {
            for value in column { hash.combine(UInt64(bitPattern: value)) }
        }
        for column in [log.quantity, log.amount, log.discount] {
            for value in column { hash.combine(value.bitPattern) }
        }
        for level in log.categories.indices {
            // Each distinct value's bytes are hashed once per event; precompute them.
            let texts = log.levelValues[level].map { Array($0.utf8) + [0] }
            for id in log.categories[level] { hash.combine(bytes: texts[Int(id)]) }
        }
        algorithm = "fnv1a64"
        value = hash.hex
        events = log.count
        users = log.users.count
    }
}

/// FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over bytes.
struct FNV1a64 {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// The 8 little-endian bytes of `word`.
    mutating func combine(_ word: UInt64) {
        var w = word
        for _ in 0..<8 {
            combine(byte: UInt8(truncatingIfNeeded: w))
            w >>= 8
        }
    }

    mutating func combine<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { combine(byte: byte) }
    }

    /// 16 lower-case hex digits.
    var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
