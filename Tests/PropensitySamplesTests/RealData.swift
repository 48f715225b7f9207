import Foundation
import PropensityData
import PropensitySamples
import Testing

/// Locates and loads the shared Complete Journey data and the reference's expected files.
enum RealData {
    /// The package root, from this file's place in it.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `<package root>/../shared/<relative>`, or the same under a further ancestor (a
    /// worktree nests one level deeper than the main checkout); `variable` overrides.
    static func sharedDirectory(_ relative: String, variable: String) -> URL? {
        if let path = ProcessInfo.processInfo.environment[variable] {
            return URL(fileURLWithPath: path)
        }
        var base = packageRoot.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = base.appendingPathComponent("shared").appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            base = base.deletingLastPathComponent()
        }
        return nil
    }

    static let dataDirectory = sharedDirectory("data/completejourney", variable: "PROPENSITY_DATA")
    static let expectedDirectory = sharedDirectory("peers/expected",
                                                   variable: "PROPENSITY_EXPECTED")

    /// Release builds only: parsing 1.5 million rows in a debug build takes too long.
    static var available: Bool {
        #if DEBUG
        return false
        #else
        return dataDirectory != nil && expectedDirectory != nil
        #endif
    }

    static let skipReason: Comment = """
        needs a release build (swift test -c release) and shared/data/completejourney plus \
        shared/peers/expected (or PROPENSITY_DATA and PROPENSITY_EXPECTED)
        """

    /// The event log of the whole data set (Parquet first), loaded once per test process.
    static let eventLog: Result<EventLog, any Error> = Result {
        guard let dir = dataDirectory else {
            throw MissingData()
        }
        let (table, catalog) = try TransactionLog.completeJourney(directory: dir)
        return try EventLog(transactions: table, catalog: catalog)
    }
}

struct MissingData: Error, CustomStringConvertible {
    var description: String { "no shared/data/completejourney found; set PROPENSITY_DATA" }
}
