import Foundation

/// Runs the release binary: `PROPENSITY_BIN`, or `.build/release/propensity` in the package.
enum Binary {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var url: URL? {
        let path = ProcessInfo.processInfo.environment["PROPENSITY_BIN"]
            ?? packageRoot.appendingPathComponent(".build/release/propensity").path
        return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// The Complete Journey data: `PROPENSITY_DATA` or `../shared/data/completejourney`.
    static var data: URL? {
        let path = ProcessInfo.processInfo.environment["PROPENSITY_DATA"]
            ?? packageRoot.appendingPathComponent("../shared/data/completejourney").path
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parquet = url.appendingPathComponent("transactions.parquet").path
        return FileManager.default.fileExists(atPath: parquet) ? url : nil
    }

    /// The reference's exported samples: `PROPENSITY_EXPECTED` or `../shared/peers/expected`.
    static var expected: URL {
        if let path = ProcessInfo.processInfo.environment["PROPENSITY_EXPECTED"] {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent("../shared/peers/expected").standardizedFileURL
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        guard let url else { throw MissingBinary() }
        return try Self.execute(url, arguments, in: directory)
    }

    /// Runs `url` with `arguments`, optionally in `directory` and with `input` as stdin.
    static func execute(
        _ url: URL, _ arguments: [String], in directory: URL? = nil, input: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
        // stderr goes to a file, so that neither stream can fill a pipe and block the child.
        let errURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("propensity-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = try Data(contentsOf: errURL)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("propensity-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func gunzip(_ url: URL) throws -> String {
        try execute(URL(fileURLWithPath: "/bin/gzip"), ["-dc", url.path]).stdout
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "no release binary: run `swift build -c release` first" }
    }
}
