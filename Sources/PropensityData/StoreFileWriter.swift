import Foundation

#if _endian(big)
#error("the event store format is little-endian; this writer assumes a little-endian host")
#endif

/// Buffered sequential writes to a new file, with the CRC-32 of everything after the header
/// and the offset of every section.
final class StoreFileWriter {
    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20
    private(set) var position: Int
    private(set) var checksum = Checksum()
    private(set) var sections: [EventStoreFormat.Section] = []

    /// Creates (or truncates) `url` and places the write position after `headerLength` bytes.
    init(url: URL, headerLength: Int) throws {
        path = url.path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw DataError(
                .unreadable, "cannot create the file; check the folder exists and is writable",
                file: path)
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data(count: headerLength))
        position = headerLength
        buffer.reserveCapacity(capacity)
    }

    /// Appends raw bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        checksum.update(bytes)
        position += bytes.count
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity {
            try handle.write(contentsOf: bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends the bytes of `values` (fixed-width, little-endian in memory).
    func write<T>(_ values: UnsafeBufferPointer<T>) throws {
        try write(UnsafeRawBufferPointer(values))
    }

    func write<T>(_ values: [T]) throws {
        try values.withUnsafeBufferPointer { try write($0) }
    }

    /// Runs `body` to write one section, pads it to 8 bytes and records it in the table.
    func section(
        _ kind: EventStoreFormat.Kind, level: Int = 0, _ body: () throws -> Void
    ) throws {
        let start = position
        try body()
        let length = position - start
        let padding = EventStoreFormat.aligned(position) - position
        if padding > 0 { try write([UInt8](repeating: 0, count: padding)) }
        sections.append(.init(
            kind: kind, level: UInt32(level), offset: UInt64(start), length: UInt64(length)))
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `header` at offset 0 and closes the file.
    func finish(header: [UInt8]) throws {
        try flush()
        try handle.seek(toOffset: 0)
        try handle.write(contentsOf: header)
        try handle.synchronize()
        try handle.close()
    }

    /// Closes the file without finishing it (after a failure).
    func abandon() {
        try? handle.close()
    }
}
