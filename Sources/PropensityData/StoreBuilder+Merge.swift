extension StoreBuilder {
    /// K-way merge of the runs into the event columns; returns the user starts.
    func merge(
        productRank: [Int32], storeRank: [Int32], to events: EventWriters
    ) throws -> [Int64] {
        for run in runs { try run.advance() }
        // A binary heap of run indices by their current record.
        var heap = runs.indices.filter { runs[$0].current != nil }
        func less(_ a: Int, _ b: Int) -> Bool {
            StoreRecord.precedes(runs[a].current!, runs[b].current!)
        }
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && less(heap[l], heap[m]) { m = l }
                if r < heap.count && less(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }

        let block = 1 << 14
        var times = [Int64](), baskets = [Int64](), productIDs = [Int32](), storeIDs = [Int32]()
        var quantities = [Double](), amounts = [Double](), discounts = [Double]()
        func flush() throws {
            try events.time.write(times); try events.basket.write(baskets)
            try events.product.write(productIDs); try events.store.write(storeIDs)
            try events.quantity.write(quantities); try events.amount.write(amounts)
            try events.discount.write(discounts)
            times.removeAll(keepingCapacity: true); baskets.removeAll(keepingCapacity: true)
            productIDs.removeAll(keepingCapacity: true); storeIDs.removeAll(keepingCapacity: true)
            quantities.removeAll(keepingCapacity: true); amounts.removeAll(keepingCapacity: true)
            discounts.removeAll(keepingCapacity: true)
        }
        var starts: [Int64] = []
        var group: [StoreRecord] = []  // the records sharing the current key
        var k: Int64 = 0
        var lastUser: Int64?
        while let top = heap.first {
            let record = runs[top].current!
            try runs[top].advance()
            if runs[top].current == nil {
                heap.swapAt(0, heap.count - 1)
                heap.removeLast()
            }
            siftDown(0)

            if record.user != lastUser {
                starts.append(k)
                lastUser = record.user
            }
            if let first = group.first, first.user == record.user, first.time == record.time,
               first.basket == record.basket, first.product == record.product
            {
                if group.contains(where: { $0.isDuplicate(of: record) }) {
                    metadata.duplicateRows += 1
                }
                group.append(record)
            } else {
                group.removeAll(keepingCapacity: true)
                group.append(record)
            }
            times.append(record.time)
            baskets.append(record.basket)
            productIDs.append(productRank[Int(products.find(record.product)!)])
            storeIDs.append(storeRank[Int(stores.find(record.store)!)])
            quantities.append(record.quantity)
            amounts.append(record.amount)
            discounts.append(record.discount)
            if times.count == block { try flush() }
            k += 1
        }
        try flush()
        starts.append(k)
        return starts
    }
}
