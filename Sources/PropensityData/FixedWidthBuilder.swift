/// Collects a fixed-width column straight into the storage of its final array.
struct FixedWidthBuilder<Plain: FixedWidthPlain>: ParquetColumnBuilder {
    /// The column's final storage (uninitialized beyond `count`), owned by the caller.
    private let values: UnsafeMutableBufferPointer<Plain.Value>
    private var dictionary: [Plain.Value] = []
    private(set) var count = 0
    /// With `keepCodes`, each row's dictionary index while every value so far came from the
    /// one dictionary (nil once a PLAIN page, a second dictionary or a null arrives).
    private var codes: [Int32]?
    private var dictionaries = 0

    /// - Parameter output: room for every row of the column (all row groups).
    init(output: UnsafeMutableBufferPointer<Plain.Value>, keepCodes: Bool = false) {
        values = output
        if keepCodes {
            codes = []
            codes!.reserveCapacity(output.count)
        }
    }

    /// The dictionary and every row's index into it, when `codes` held to the end.
    var columnDictionary: ColumnDictionary? {
        guard let codes, dictionaries == 1, codes.count == count else { return nil }
        return ColumnDictionary(entries: Plain.wrap(dictionary), codes: codes)
    }

    var dictionaryCount: Int { dictionary.count }

    private func checkRoom(_ extra: Int) throws {
        guard extra <= values.count - count else {
            throw DataError(.malformed, "pages hold more values than the row groups announce")
        }
    }

    mutating func setDictionary(plain bytes: UnsafeRawBufferPointer, count: Int) throws {
        guard count >= 0, bytes.count / Plain.byteWidth >= count else {
            throw DataError(.malformed, "dictionary page shorter than its \(count) entries")
        }
        let base = bytes.baseAddress
        dictionary = (0..<count).map { Plain.load(base! + $0 * Plain.byteWidth) }
        dictionaries += 1
    }

    mutating func appendPlain(_ bytes: UnsafeRawBufferPointer, count n: Int) throws {
        guard bytes.count / Plain.byteWidth >= n else {
            throw DataError(.malformed, "PLAIN page holds fewer than its \(n) values")
        }
        try checkRoom(n)
        guard n > 0 else { return }
        codes = nil
        let out = values.baseAddress! + count
        let source = bytes.baseAddress!
        for i in 0..<n { (out + i).initialize(to: Plain.load(source + i * Plain.byteWidth)) }
        count += n
    }

    mutating func appendIntegers(_ integers: [Int64]) throws {
        codes = nil
        try checkRoom(integers.count)
        guard Plain.integer(0) != nil else {
            throw DataError(.unsupported, "DELTA_BINARY_PACKED values in a non-integer column")
        }
        let out = values.baseAddress! + count
        for (i, value) in integers.enumerated() { (out + i).initialize(to: Plain.integer(value)!) }
        count += integers.count
    }

    mutating func appendDictionary(_ indices: UnsafeBufferPointer<UInt32>) {
        precondition(indices.count <= values.count - count, "dictionary page overflows column")
        if codes != nil {
            // The decoder checked every index against the dictionary: they fit in 31 bits.
            let raw = UnsafeRawBufferPointer(indices)
            codes!.append(contentsOf: raw.assumingMemoryBound(to: Int32.self))
        }
        let out = values.baseAddress! + count
        // A local copy keeps the loop free of exclusivity checks on `self`.
        let dictionary = self.dictionary
        dictionary.withUnsafeBufferPointer { dict in
            for i in 0..<indices.count { (out + i).initialize(to: dict[Int(indices[i])]) }
        }
        count += indices.count
    }

    mutating func spread(present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) {
        let base = count - present
        precondition(levels.count <= values.count - base, "null spreading overflows column")
        codes = nil
        let out = values.baseAddress! + base
        var next = present - 1
        for i in stride(from: levels.count - 1, through: 0, by: -1) {
            if levels[i] == maxLevel {
                (out + i).initialize(to: out[next])
                next -= 1
            } else {
                (out + i).initialize(to: Plain.placeholder)
            }
        }
        count = base + levels.count
    }
}
