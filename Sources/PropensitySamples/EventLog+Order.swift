import PropensityData

extension EventLog {
    /// Row indices of the purchases (`quantity > 0`) of `t`, ordered by user, time, basket,
    /// product, then row.
    ///
    /// Buckets rows by user first (a stable counting sort over user ranks), then sorts each
    /// user's few hundred rows: faster than one comparison sort over all rows.
    static func purchaseOrder(_ t: TransactionTable) -> [Int32] {
        var rows = [Int32]()
        rows.reserveCapacity(t.count)
        var rank: [Int64: Int32] = [:]
        for i in 0..<t.count where t.quantity[i] > 0 {
            rows.append(Int32(i))
            if rank[t.user[i]] == nil { rank[t.user[i]] = 0 }
        }
        for (r, user) in rank.keys.sorted().enumerated() { rank[user] = Int32(r) }

        // Stable counting sort by user rank.
        let userRank = rows.map { rank[t.user[Int($0)]]! }
        var starts = [Int](repeating: 0, count: rank.count + 1)
        for r in userRank { starts[Int(r) + 1] += 1 }
        for r in 0..<rank.count { starts[r + 1] += starts[r] }
        var order = [Int32](repeating: 0, count: rows.count)
        var next = starts
        for (k, row) in rows.enumerated() {
            let r = Int(userRank[k])
            order[next[r]] = row
            next[r] += 1
        }

        // Within a user: time, basket, product, then row.
        t.time.withUnsafeBufferPointer { tm in
            t.basket.withUnsafeBufferPointer { b in
                t.product.withUnsafeBufferPointer { p in
                    for r in 0..<rank.count {
                        order[starts[r]..<starts[r + 1]].sort { x, y in
                            let i = Int(x), j = Int(y)
                            if tm[i] != tm[j] { return tm[i] < tm[j] }
                            if b[i] != b[j] { return b[i] < b[j] }
                            if p[i] != p[j] { return p[i] < p[j] }
                            return i < j
                        }
                    }
                }
            }
        }
        return order
    }
}
