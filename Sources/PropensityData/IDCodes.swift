/// Numbers distinct `Int64` ids 0, 1, 2, ... in first-appearance order.
///
/// An open-addressing table (linear probing, Fibonacci hashing) with the ids and codes in two
/// flat arrays: ingest looks up every event's user, product and store, and this costs a
/// multiply and usually one cache line per lookup instead of a SipHash round per lookup.
struct IDCodes {
    /// `ids[code]`: the distinct ids in first-appearance order.
    private(set) var ids: [Int64] = []
    /// Key and code side by side, so a lookup touches one cache line, not two.
    private var slots: [Slot]
    private var shift: UInt64

    private struct Slot {
        var key: Int64
        /// -1 marks an empty slot, since every `Int64` is a possible id.
        var code: Int32
    }

    /// A table sized for about `capacity` distinct ids (it grows past that).
    init(capacity: Int = 16) {
        var count = 16
        while count < 2 * capacity { count *= 2 }
        slots = [Slot](repeating: Slot(key: 0, code: -1), count: count)
        shift = UInt64(64 - count.trailingZeroBitCount)
        ids.reserveCapacity(capacity)
    }

    /// Number of distinct ids seen.
    var count: Int { ids.count }

    @inline(__always) private func slot(_ id: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The code of `id`, numbering it next when it is new.
    @inline(__always) mutating func code(_ id: Int64) -> Int32 {
        let mask = slots.count - 1
        var i = slot(id)
        while true {
            let code = slots[i].code
            if code < 0 { break }
            if slots[i].key == id { return code }
            i = (i + 1) & mask
        }
        let code = Int32(ids.count)
        slots[i] = Slot(key: id, code: code)
        ids.append(id)
        if 2 * ids.count > slots.count { grow() }
        return code
    }

    /// The code of `id`, or nil when it has not been seen.
    @inline(__always) func find(_ id: Int64) -> Int32? {
        let mask = slots.count - 1
        var i = slot(id)
        while true {
            let code = slots[i].code
            if code < 0 { return nil }
            if slots[i].key == id { return code }
            i = (i + 1) & mask
        }
    }

    /// Codes of every element of `values`, numbering new ids as they come.
    mutating func codes(of values: UnsafeBufferPointer<Int64>) -> [Int32] {
        if ids.isEmpty, let direct = Self.directCodes(values) {
            for id in direct.ids { _ = code(id) }
            return direct.codes
        }
        return [Int32](unsafeUninitializedCapacity: values.count) { out, n in
            for i in 0..<values.count { out[i] = code(values[i]) }
            n = values.count
        }
    }

    /// First-appearance codes through a table indexed by `value - min`, when the ids span
    /// a range at most four times the number of values (users and stores usually do):
    /// no hashing at all. Nil when the range is wider.
    private static func directCodes(
        _ values: UnsafeBufferPointer<Int64>
    ) -> (codes: [Int32], ids: [Int64])? {
        guard let low = values.min(), let high = values.max() else { return nil }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span < Int64(4 * values.count), span < 1 << 26 else { return nil }
        var table = [Int32](repeating: -1, count: Int(span) + 1)
        var ids: [Int64] = []
        let codes = table.withUnsafeMutableBufferPointer { table in
            [Int32](unsafeUninitializedCapacity: values.count) { out, n in
                for i in 0..<values.count {
                    let slot = Int(values[i] &- low)
                    if table[slot] < 0 {
                        table[slot] = Int32(ids.count)
                        ids.append(values[i])
                    }
                    out[i] = table[slot]
                }
                n = values.count
            }
        }
        return (codes, ids)
    }

    /// The ids ascending, and for each code the position of its id among them.
    func sortedRanks() -> (sorted: [Int64], rank: [Int32]) {
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        var rank = [Int32](repeating: 0, count: ids.count)
        for (r, code) in order.enumerated() { rank[code] = Int32(r) }
        return (order.map { ids[$0] }, rank)
    }

    private mutating func grow() {
        let old = ids
        self = IDCodes(capacity: slots.count)
        for id in old { _ = code(id) }
    }
}
