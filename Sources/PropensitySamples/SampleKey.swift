/// The hash behind every "random" choice of sample building, so that any two
/// implementations draw the same samples.
///
/// ```
/// key(s, u) = splitmix64(fnv1a64(utf8("<s>:<u>")))
/// ```
/// with `s` and `u` written in decimal. Check value: `key(42, 900) == 0xba5a952019bda066`.
public enum SampleKey {
    /// `key(seed, user)`.
    public static func key(seed: Int, user: Int64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        // Writes the decimal digits straight into the hash: no String per user.
        func mix(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        func mixDecimal(_ value: Int64) {
            if value < 0 { mix(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var digits: [UInt8] = []
            digits.reserveCapacity(20)
            repeat {
                digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            for digit in digits.reversed() { mix(digit) }
        }
        mixDecimal(Int64(seed))
        mix(UInt8(ascii: ":"))
        mixDecimal(user)
        return splitmix64(hash)
    }

    /// `key(seed, user) / 2^64` as a correctly rounded Double in [0, 1].
    public static func unit(seed: Int, user: Int64) -> Double {
        // UInt64 -> Double rounds to nearest; dividing by a power of two is then exact.
        Double(key(seed: seed, user: user)) / 18_446_744_073_709_551_616.0
    }

    /// The splitmix64 finalizer.
    public static func splitmix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
