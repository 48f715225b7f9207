/// The event store's order: rows sorted by user, time, basket, product, then input row.
///
/// The last key makes the order total, so it does not depend on the sort algorithm: equal
/// inputs always give equal stores.
enum StoreOrder {
    /// Row indices of `t` in store order.
    static func sorted(_ t: TransactionTable) -> [Int32] {
        var users = IDCodes()
        let codes = t.user.withUnsafeBufferPointer { users.codes(of: $0) }
        let rank = users.sortedRanks().rank
        return sorted(t, userRank: codes.map { rank[Int($0)] }, userCount: users.count).order
    }

    /// Row indices of `t` in store order, and where each user's rows start in it.
    ///
    /// Buckets rows by user (a stable counting sort over `userRank`, the rank of each row's
    /// user among the `userCount` distinct users), then orders each user's rows by time,
    /// basket, product and row. A user's rows usually arrive in time order already, so the
    /// input, then each bucket, is first checked in one pass and sorted only when out of
    /// order.
    ///
    /// - Returns: `order` (`t.count` rows) and `starts` (`userCount + 1` offsets).
    static func sorted(
        _ t: TransactionTable, userRank: [Int32], userCount: Int
    ) -> (order: [Int32], starts: [Int64]) {
        precondition(t.count < Int(Int32.max), "more than 2^31 rows need the streaming ingest")
        precondition(userRank.count == t.count, "one user rank per row")
        var starts = [Int64](repeating: 0, count: userCount + 1)
        for r in userRank { starts[Int(r) + 1] += 1 }
        for r in 0..<userCount { starts[r + 1] += starts[r] }
        var order = [Int32](repeating: 0, count: t.count)
        order.withUnsafeMutableBufferPointer { out in
            var next = starts
            for (row, r) in userRank.enumerated() {
                out[Int(next[Int(r)])] = Int32(row)
                next[Int(r)] += 1
            }
        }
        t.time.withUnsafeBufferPointer { tm in
            t.basket.withUnsafeBufferPointer { b in
                t.product.withUnsafeBufferPointer { p in
                    // Whether row i comes before row j (rows compared last, so never equal).
                    func precedes(_ x: Int32, _ y: Int32) -> Bool {
                        let i = Int(x), j = Int(y)
                        if tm[i] != tm[j] { return tm[i] < tm[j] }
                        if b[i] != b[j] { return b[i] < b[j] }
                        if p[i] != p[j] { return p[i] < p[j] }
                        return i < j
                    }
                    // Logs usually arrive in time order (Complete Journey does, down to
                    // basket and product): one sequential pass then shows that every user's
                    // bucket, which keeps input order, is sorted already.
                    var inputOrdered = true
                    for i in 1..<max(1, t.count) where !precedes(Int32(i - 1), Int32(i)) {
                        inputOrdered = false
                        break
                    }
                    if inputOrdered { return }
                    order.withUnsafeMutableBufferPointer { o in
                        for r in 0..<userCount {
                            let range = Int(starts[r])..<Int(starts[r + 1])
                            var ordered = true
                            for k in range.dropFirst() where !precedes(o[k - 1], o[k]) {
                                ordered = false
                                break
                            }
                            if !ordered {
                                var bucket = UnsafeMutableBufferPointer(rebasing: o[range])
                                bucket.sort(by: precedes)
                            }
                        }
                    }
                }
            }
        }
        return (order, starts)
    }
}
