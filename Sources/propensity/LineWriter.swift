import Foundation

/// Buffered text output to a file (written to a temporary name and moved into place on
/// `close`, so a failed run leaves no half file) or, for `-`, to stdout.
final class LineWriter {
    private let handle: FileHandle
    private let temporary: URL?
    private let destination: URL?
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20

    /// Opens `path` for writing; `-` means stdout.
    init(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        if path == "-" {
            handle = FileHandle.standardOutput
            temporary = nil
            destination = nil
        } else {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder),
               isFolder.boolValue {
                throw UsageError("\(url.path) is a folder; give a file name to write")
            }
            let temp = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
            guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [
                    NSFilePathErrorKey: url.path,
                    NSLocalizedDescriptionKey: "cannot create \(url.path)",
                ])
            }
            handle = try FileHandle(forWritingTo: temp)
            temporary = temp
            destination = url
        }
        buffer.reserveCapacity(capacity)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Hands the buffered bytes to the operating system.
    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for a file, moves it into place.
    func close() throws {
        flush()
        guard let temporary, let destination else { return }
        try handle.close()
        if FileManager.default.fileExists(atPath: destination.path) {
            try FileManager.default.removeItem(at: destination)
        }
        try FileManager.default.moveItem(at: temporary, to: destination)
    }
}
