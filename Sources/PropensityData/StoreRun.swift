import Foundation

/// One event as it travels through the external sort of `StoreBuilder`: every field plus
/// `sequence`, the input row, which makes the store order total.
struct StoreRecord: Equatable {
    var user: Int64
    var time: Int64
    var basket: Int64
    var product: Int64
    var store: Int64
    var quantity: Double
    var amount: Double
    var discount: Double
    var sequence: Int64

    /// Store order: user, time, basket, product, then input row.
    @inline(__always) static func precedes(_ a: StoreRecord, _ b: StoreRecord) -> Bool {
        if a.user != b.user { return a.user < b.user }
        if a.time != b.time { return a.time < b.time }
        if a.basket != b.basket { return a.basket < b.basket }
        if a.product != b.product { return a.product < b.product }
        return a.sequence < b.sequence
    }

    /// Same line item: every field but the input row equal (numbers bit for bit).
    func isDuplicate(of other: StoreRecord) -> Bool {
        user == other.user && time == other.time && basket == other.basket
            && product == other.product && store == other.store
            && quantity.bitPattern == other.quantity.bitPattern
            && amount.bitPattern == other.amount.bitPattern
            && discount.bitPattern == other.discount.bitPattern
    }
}

/// A sorted run of records in a scratch file, read back in buffered blocks.
final class StoreRun {
    private let handle: FileHandle
    private let url: URL
    private var buffer: [StoreRecord] = []
    private var index = 0
    private let blockRecords = 1 << 14
    private(set) var current: StoreRecord?

    /// Writes `records` (already sorted) to a new scratch file in `directory`.
    init(writing records: [StoreRecord], in directory: URL, number: Int) throws {
        let url = directory.appendingPathComponent("run-\(number).bin")
        let file = try SectionFile(url: url)
        try records.withUnsafeBytes { try file.write($0, at: 0) }
        try file.close(sync: false)
        self.url = url
        handle = try FileHandle(forReadingFrom: url)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }

    /// Moves to the next record; `current` is nil at the end.
    func advance() throws {
        if index >= buffer.count {
            let stride = MemoryLayout<StoreRecord>.stride
            let data = try handle.read(upToCount: blockRecords * stride) ?? Data()
            buffer = data.withUnsafeBytes { raw in
                Array(raw.bindMemory(to: StoreRecord.self).prefix(data.count / stride))
            }
            index = 0
            guard !buffer.isEmpty else {
                current = nil
                return
            }
        }
        current = buffer[index]
        index += 1
    }
}
