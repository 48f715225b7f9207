extension StoreBuilder {
    /// Sorts the one chunk in memory and writes each event column whole; returns the user
    /// starts.
    ///
    /// Each column is permuted into store order on a worker thread, checksummed, written and
    /// freed before the next, and each input column is freed once permuted, so few columns
    /// live at once: fresh pages are costly (a fault and a zero fill each), and freed ones are
    /// reused. Duplicates are found from the sorted key columns (time, basket, product) and,
    /// for the few runs of equal keys, the other fields picked out as their columns pass.
    func writeInMemory(
        _ chunk: consuming HeldChunk, userRank: [Int32], productRank: [Int32],
        storeRank: [Int32], to events: EventWriters
    ) throws -> [Int64] {
        let (order, starts) = StoreOrder.sorted(
            chunk.table, userRank: chunk.user.map { userRank[Int($0)] }, userCount: users.count)
        chunk.user = []
        let writers = [
            events.time, events.basket, events.product, events.store, events.quantity,
            events.amount, events.discount,
        ]
        let t = chunk.table
        let sources = [
            ColumnBox(.integers(t.time)), ColumnBox(.integers(t.basket)),
            ColumnBox(.codes(chunk.product)), ColumnBox(.codes(chunk.store)),
            ColumnBox(.numbers(t.quantity)), ColumnBox(.numbers(t.amount)),
            ColumnBox(.numbers(t.discount)),
        ]
        _ = consume t
        _ = consume chunk
        let sorted = (0..<7).map { _ in ColumnBox(nil) }
        let maps: [[Int32]?] = [nil, nil, productRank, storeRank, nil, nil, nil]
        try order.withUnsafeBufferPointer { order in
            // The key columns first; they stay for the duplicate search.
            try Parallel.forEach(3) { k in
                sorted[k].column = sources[k].take().permuted(by: order, mapping: maps[k])
            }
            let runs = EventColumn.equalKeyRuns(
                time: sorted[0].column!, basket: sorted[1].column!,
                product: sorted[2].column!, starts: starts)
            let positions = runs.flatMap { Array($0) }
            var picked = [[UInt64]](repeating: [], count: 7)
            try picked.withUnsafeMutableBufferPointer { picked in
                try Parallel.forEach(7) { k in
                    let column = k < 3
                        ? sorted[k].take()
                        : sources[k].take().permuted(by: order, mapping: maps[k])
                    if k >= 3 { picked[k] = positions.map { column.bits(at: $0) } }
                    try column.write(to: writers[k])
                }
            }
            metadata.duplicateRows = EventColumn.duplicates(in: runs, fields: Array(picked[3...]))
        }
        return starts
    }
}

/// An event column handed between threads and released by whoever takes it.
final class ColumnBox: @unchecked Sendable {
    var column: EventColumn?

    init(_ column: EventColumn?) { self.column = column }

    /// The column, leaving the box empty so the memory goes when the caller is done.
    func take() -> EventColumn {
        defer { column = nil }
        return column!
    }
}

/// One event column, as the in-memory path moves it into store order.
enum EventColumn {
    case integers([Int64])
    case codes([Int32])
    case numbers([Double])

    /// The column in `order`; codes go through `mapping` (chunk code -> store index).
    func permuted(by order: UnsafeBufferPointer<Int32>, mapping: [Int32]?) -> EventColumn {
        func gather<T>(_ column: [T], _ convert: (T) -> T) -> [T] {
            column.withUnsafeBufferPointer { source in
                [T](unsafeUninitializedCapacity: order.count) { out, n in
                    for k in 0..<order.count { out[k] = convert(source[Int(order[k])]) }
                    n = order.count
                }
            }
        }
        switch self {
        case .integers(let v): return .integers(gather(v) { $0 })
        case .numbers(let v): return .numbers(gather(v) { $0 })
        case .codes(let v):
            guard let mapping else { return .codes(gather(v) { $0 }) }
            return mapping.withUnsafeBufferPointer { map in .codes(gather(v) { map[Int($0)] }) }
        }
    }

    /// The bit pattern of element `i`, for comparing fields exactly.
    func bits(at i: Int) -> UInt64 {
        switch self {
        case .integers(let v): UInt64(bitPattern: v[i])
        case .codes(let v): UInt64(UInt32(bitPattern: v[i]))
        case .numbers(let v): v[i].bitPattern
        }
    }

    func write(to writer: SectionWriter) throws {
        switch self {
        case .integers(let v): try writer.write(v)
        case .codes(let v): try writer.write(v)
        case .numbers(let v): try writer.write(v)
        }
    }

    /// Runs of two or more events in store order with equal user, time, basket and product
    /// (the only places duplicates can be), from the sorted key columns and user starts.
    static func equalKeyRuns(
        time: EventColumn, basket: EventColumn, product: EventColumn, starts: [Int64]
    ) -> [Range<Int>] {
        guard case .integers(let time) = time, case .integers(let basket) = basket,
              case .codes(let product) = product
        else { preconditionFailure("key columns of the wrong kind") }
        var runs: [Range<Int>] = []
        var runStart = 0
        var user = 0
        func close(_ end: Int) { if end - runStart > 1 { runs.append(runStart..<end) } }
        for k in 0..<time.count {
            while Int(starts[user + 1]) <= k { user += 1 }
            if k == Int(starts[user]) || time[k] != time[runStart]
                || basket[k] != basket[runStart] || product[k] != product[runStart]
            {
                close(k)
                runStart = k
            }
        }
        close(time.count)
        return runs
    }

    /// Events of `runs` equal in every field of `fields` to an earlier event of their run;
    /// `fields[f][j]` is field `f` of the `j`-th event of the runs, laid end to end.
    static func duplicates(in runs: [Range<Int>], fields: [[UInt64]]) -> Int {
        var duplicates = 0
        var first = 0
        for run in runs {
            for j in first..<(first + run.count) {
                let earlier = (first..<j).contains { e in fields.allSatisfy { $0[e] == $0[j] } }
                if earlier { duplicates += 1 }
            }
            first += run.count
        }
        return duplicates
    }
}
