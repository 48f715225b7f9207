import Foundation

/// Paths the tests read: committed fixtures, scratch files, and the real data when present.
enum TestFiles {
    /// `Tests/PropensityDataTests/Fixtures`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The Complete Journey directory: `../shared/data/completejourney` from the package
    /// root, else `$PROPENSITY_DATA`; nil when neither holds the Parquet files.
    static let completeJourney: URL? = {
        var candidates = [
            packageRoot.appendingPathComponent("../shared/data/completejourney")
                .standardizedFileURL
        ]
        if let path = ProcessInfo.processInfo.environment["PROPENSITY_DATA"] {
            candidates.append(URL(fileURLWithPath: path))
        }
        return candidates.first {
            FileManager.default.fileExists(
                atPath: $0.appendingPathComponent("transactions.parquet").path)
        }
    }()

    /// Whether the tests run unoptimized, where the real-data tests are too slow.
    static var isDebugBuild: Bool {
        #if DEBUG
            return true
        #else
            return false
        #endif
    }

    /// Writes `bytes` to a fresh file in the temporary directory.
    static func scratch(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("PropensityDataTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static func scratch(_ name: String, _ text: String) throws -> URL {
        try scratch(name, Array(text.utf8))
    }
}
