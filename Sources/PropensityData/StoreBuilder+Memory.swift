extension StoreBuilder {
    /// Sorts the one chunk in memory and places each event column in its section; returns
    /// the user starts.
    ///
    /// Each column is scattered into store order on a worker thread straight into its section
    /// (the store's mapped file or memory), and its input is freed once placed: no
    /// intermediate copies, and fresh pages (a fault and a zero fill each) only for the store
    /// itself. Duplicates are found from the sorted key columns (time, basket, product) and,
    /// for the few runs of equal keys, the other fields compared in place.
    func writeInMemory(
        _ chunk: consuming HeldChunk, placement: StoreOrder.Placement, productRank: [Int32],
        storeRank: [Int32], to events: EventWriters
    ) throws -> [Int64] {
        let (destination, starts) = (placement.destination, placement.starts)
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
        let maps: [[Int32]?] = [nil, nil, productRank, storeRank, nil, nil, nil]
        // Each row goes to its destination: scattering reads every input column in order and
        // writes one stream per user, where gathering by the order would read the input at
        // random (a user's rows lie far apart in a log kept in time order).
        let placed = PlacedColumns(count: 7)
        try destination.withUnsafeBufferPointer { destination in
            try Parallel.forEach(7) { k in
                placed.columns[k] = try sources[k].take()
                    .place(to: destination, mapping: maps[k], in: writers[k])
            }
        }
        let columns = placed.columns.map { $0! }
        let runs = PlacedColumn.equalKeyRuns(
            time: columns[0].view(Int64.self), basket: columns[1].view(Int64.self),
            product: columns[2].view(Int32.self), starts: starts)
        metadata.duplicateRows = PlacedColumn.duplicates(in: runs, fields: Array(columns[3...]))
        // The checksums, one section per thread.
        try Parallel.forEach(7) { k in try writers[k].commit() }
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

/// Slots the worker threads fill, one column each.
private final class PlacedColumns: @unchecked Sendable {
    var columns: [PlacedColumn?]

    init(count: Int) { columns = Array(repeating: nil, count: count) }
}

/// One event column of the in-memory path, before it is placed in the store.
enum EventColumn {
    case integers([Int64])
    case codes([Int32])
    case numbers([Double])

    /// Scatters the column into space reserved in `writer`, row `i` to position
    /// `destination[i]`; codes go through `mapping` (chunk code -> store index). The caller
    /// commits the writer.
    func place(
        to destination: UnsafeBufferPointer<Int32>, mapping: [Int32]?, in writer: SectionWriter
    ) throws -> PlacedColumn {
        func scatter<T>(_ column: [T], _ convert: (T) -> T) throws -> PlacedColumn {
            let out = try writer.reserve(T.self, count: destination.count)
            column.withUnsafeBufferPointer { source in
                for i in 0..<destination.count { out[Int(destination[i])] = convert(source[i]) }
            }
            return PlacedColumn(
                base: UnsafeRawPointer(out.baseAddress!), width: MemoryLayout<T>.stride,
                count: destination.count)
        }
        switch self {
        case .integers(let v): return try scatter(v) { $0 }
        case .numbers(let v): return try scatter(v) { $0 }
        case .codes(let v):
            guard let mapping else { return try scatter(v) { $0 } }
            return try mapping.withUnsafeBufferPointer { map in
                try scatter(v) { map[Int($0)] }
            }
        }
    }
}

/// A column in store order, where it was placed: `count` values of `width` bytes.
struct PlacedColumn: @unchecked Sendable {
    let base: UnsafeRawPointer
    let width: Int
    let count: Int

    func view<T>(_ type: T.Type) -> UnsafeBufferPointer<T> {
        precondition(MemoryLayout<T>.stride == width, "a column read as the wrong type")
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: T.self), count: count)
    }

    /// The bit pattern of element `i`, for comparing fields exactly.
    func bits(at i: Int) -> UInt64 {
        width == 8
            ? base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
            : UInt64(base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
    }

    /// Runs of two or more events in store order with equal user, time, basket and product
    /// (the only places duplicates can be), from the sorted key columns and user starts.
    static func equalKeyRuns(
        time: UnsafeBufferPointer<Int64>, basket: UnsafeBufferPointer<Int64>,
        product: UnsafeBufferPointer<Int32>, starts: [Int64]
    ) -> [Range<Int>] {
        // No run crosses a user's start: the users are split in two halves of about equal
        // events, one per thread.
        let users = starts.count - 1
        let middle = starts.firstIndex { 2 * $0 >= Int64(time.count) } ?? users
        let halves = [0..<middle, middle..<users]
        let runs = try! Parallel.map(2) { half in
            var runs: [Range<Int>] = []
            for user in halves[half] {
                var runStart = Int(starts[user])
                let end = Int(starts[user + 1])
                guard end > runStart else { continue }
                // Keys are sorted, so equal ones are adjacent.
                for k in (runStart + 1)..<end
                where time[k] != time[k - 1] || basket[k] != basket[k - 1]
                    || product[k] != product[k - 1]
                {
                    if k - runStart > 1 { runs.append(runStart..<k) }
                    runStart = k
                }
                if end - runStart > 1 { runs.append(runStart..<end) }
            }
            return runs
        }
        return runs[0] + runs[1]
    }

    /// Events of `runs` equal in every one of `fields` to an earlier event of their run.
    static func duplicates(in runs: [Range<Int>], fields: [PlacedColumn]) -> Int {
        var duplicates = 0
        for run in runs {
            for j in run {
                let earlier = (run.lowerBound..<j).contains { e in
                    fields.allSatisfy { $0.bits(at: e) == $0.bits(at: j) }
                }
                if earlier { duplicates += 1 }
            }
        }
        return duplicates
    }
}
