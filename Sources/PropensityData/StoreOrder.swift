/// The event store's order: rows sorted by user, time, basket, product, then input row.
///
/// The last key makes the order total, so it does not depend on the sort algorithm: equal
/// inputs always give equal stores.
enum StoreOrder {
    /// Row indices of `t` in store order.
    ///
    /// Buckets rows by user (a counting sort over user ranks keeps input order), then sorts
    /// each user's rows: much faster than one comparison sort over all rows.
    static func sorted(_ t: TransactionTable) -> [Int32] {
        precondition(t.count < Int(Int32.max), "more than 2^31 rows need the streaming ingest")
        let distinct = Array(Set(t.user)).sorted()
        var rank = [Int64: Int32](minimumCapacity: distinct.count)
        for (r, user) in distinct.enumerated() { rank[user] = Int32(r) }
        let userRank = t.user.map { rank[$0]! }
        var starts = [Int](repeating: 0, count: distinct.count + 1)
        for r in userRank { starts[Int(r) + 1] += 1 }
        for r in 0..<distinct.count { starts[r + 1] += starts[r] }
        var order = [Int32](repeating: 0, count: t.count)
        var next = starts
        for (row, r) in userRank.enumerated() {
            order[next[Int(r)]] = Int32(row)
            next[Int(r)] += 1
        }
        t.time.withUnsafeBufferPointer { tm in
            t.basket.withUnsafeBufferPointer { b in
                t.product.withUnsafeBufferPointer { p in
                    for r in 0..<distinct.count {
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

    /// Distinct users in order and where each one's rows start (`ids.count + 1` starts).
    static func userRuns(_ user: [Int64], _ order: [Int32]) -> (ids: [Int64], starts: [Int64]) {
        var ids: [Int64] = []
        var starts: [Int64] = []
        for (k, row) in order.enumerated() where k == 0 || user[Int(row)] != ids.last! {
            ids.append(user[Int(row)])
            starts.append(Int64(k))
        }
        starts.append(Int64(order.count))
        return (ids, starts)
    }

    /// Rows equal in every field to an earlier row. Equal rows share user, time, basket and
    /// product, so they sit in one run of the order; runs are short, so pairs are compared.
    static func duplicateCount(_ t: TransactionTable, _ order: [Int32]) -> Int {
        func sameKey(_ i: Int, _ j: Int) -> Bool {
            t.user[i] == t.user[j] && t.time[i] == t.time[j] && t.basket[i] == t.basket[j]
                && t.product[i] == t.product[j]
        }
        func sameRest(_ i: Int, _ j: Int) -> Bool {
            t.store[i] == t.store[j]
                && t.quantity[i].bitPattern == t.quantity[j].bitPattern
                && t.amount[i].bitPattern == t.amount[j].bitPattern
                && t.discount[i].bitPattern == t.discount[j].bitPattern
        }
        var duplicates = 0
        var runStart = 0
        for k in 0..<order.count {
            let row = Int(order[k])
            if k > 0 && !sameKey(Int(order[runStart]), row) { runStart = k }
            for earlier in runStart..<k where sameRest(Int(order[earlier]), row) {
                duplicates += 1
                break
            }
        }
        return duplicates
    }
}
