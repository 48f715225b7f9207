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
    static func sorted(
        _ t: TransactionTable, userRank: [Int32], userCount: Int
    ) -> (order: [Int32], starts: [Int64]) {
        let placed = placed(t, userRank: userRank, userCount: userCount, destinations: false)
        return (placed.order, placed.starts)
    }

    /// Rows in store order or each row's position in it, and where each user's rows start.
    typealias Placement = (order: [Int32], destination: [Int32], starts: [Int64])

    /// Row indices of `t` in store order (`order`) or, with `destinations`, each row's
    /// position in it instead (`destination`; `order` is then empty, since placing columns
    /// needs only one of the two), and where each user's rows start (`userCount + 1`
    /// offsets).
    ///
    /// Buckets rows by user (a stable counting sort over `userRank`, the rank of each row's
    /// user among the `userCount` distinct users), then orders each user's rows by time,
    /// basket, product and row. A user's rows usually arrive in time order already, so the
    /// input is checked in one pass (beside the counting sort, on another thread), then each
    /// bucket, and sorted only when out of order.
    static func placed(
        _ t: TransactionTable, userRank: [Int32], userCount: Int, destinations: Bool
    ) -> Placement {
        precondition(t.count < Int(Int32.max), "more than 2^31 rows need the streaming ingest")
        precondition(userRank.count == t.count, "one user rank per row")
        var starts = [Int64](repeating: 0, count: userCount + 1)
        for r in userRank { starts[Int(r) + 1] += 1 }
        for r in 0..<userCount { starts[r + 1] += starts[r] }
        let n = t.count
        var order = [Int32](), destination = [Int32]()
        var inputOrdered = true
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
                    let outputs = SortOutputs()
                    try! Parallel.forEach(2) { task in
                        if task == 1 {
                            // Logs usually arrive in time order (Complete Journey does, down to
                            // basket and product): then every user's bucket, which keeps input
                            // order, is sorted already.
                            for i in 1..<max(1, n) where !precedes(Int32(i - 1), Int32(i)) {
                                outputs.inputOrdered = false
                                break
                            }
                            return
                        }
                        var next = starts.map { Int32($0) }
                        // A row's position is its user's next free slot: the counting sort
                        // fills one of the two outputs, the other comes only if needed.
                        let filled = [Int32](unsafeUninitializedCapacity: n) { out, count in
                            next.withUnsafeMutableBufferPointer { next in
                                userRank.withUnsafeBufferPointer { rank in
                                    for row in 0..<n {
                                        let r = Int(rank[row]), k = next[r]
                                        if destinations {
                                            out[row] = k
                                        } else {
                                            out[Int(k)] = Int32(row)
                                        }
                                        next[r] = k + 1
                                    }
                                }
                            }
                            count = n
                        }
                        if destinations {
                            outputs.destination = filled
                        } else {
                            outputs.order = filled
                        }
                    }
                    (order, destination, inputOrdered) =
                        (outputs.order, outputs.destination, outputs.inputOrdered)
                    if inputOrdered { return }
                    if destinations {
                        order = [Int32](repeating: 0, count: n)
                        for row in 0..<n { order[Int(destination[row])] = Int32(row) }
                    }
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
                                if destinations {
                                    for k in range { destination[Int(o[k])] = Int32(k) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (destinations ? [] : order, destination, starts)
    }
}

/// What the two threads of `StoreOrder.placed` produce.
private final class SortOutputs: @unchecked Sendable {
    var order: [Int32] = []
    var destination: [Int32] = []
    var inputOrdered = true
}
