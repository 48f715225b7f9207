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

    /// Whether this is an optimised build (timings only mean something there).
    static var isRelease: Bool {
        #if DEBUG
        return false
        #else
        return true
        #endif
    }

    /// Release builds, or debug builds with PROPENSITY_REAL_DATA_IN_DEBUG=1: loading and
    /// comparing everything takes about 16 s in a debug build, 1.3 s in release.
    static var available: Bool {
        let debugOptIn = ProcessInfo.processInfo.environment["PROPENSITY_REAL_DATA_IN_DEBUG"]
        return (isRelease || debugOptIn == "1") && dataDirectory != nil
            && expectedDirectory != nil
    }

    static let skipReason: Comment = """
        needs shared/data/completejourney and shared/peers/expected (or PROPENSITY_DATA and \
        PROPENSITY_EXPECTED) and a release build (swift test -c release; in debug set \
        PROPENSITY_REAL_DATA_IN_DEBUG=1)
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
