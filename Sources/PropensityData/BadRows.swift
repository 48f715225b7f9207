/// Where bad rows go: the first error of each bad row, by row, when bad rows are skipped.
///
/// Readers call `report`; with no collector (the default policy) the error is thrown, so the
/// first bad row stops the load.
final class BadRows {
    /// 0-based row -> the first problem found in it.
    private(set) var errors: [Int: DataError] = [:]

    static func report(_ error: DataError, row: Int, to collector: BadRows?) throws {
        guard let collector else { throw error }
        if collector.errors[row] == nil { collector.errors[row] = error }
    }

    /// Whether row `row` (0-based) had a problem.
    func contains(_ row: Int) -> Bool { errors[row] != nil }
}
