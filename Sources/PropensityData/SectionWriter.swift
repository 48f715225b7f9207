import Foundation

#if _endian(big)
#error("the event store format is little-endian; this writer assumes a little-endian host")
#endif

/// A new file written at explicit offsets (`pwrite`), so sections can grow side by side.
final class SectionFile {
    private let fd: Int32
    let path: String

    init(url: URL) throws {
        path = url.path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw DataError(
                .unreadable,
                "cannot create the file (errno \(errno)); check the folder exists and is writable",
                file: path)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            guard n > 0 else {
                throw DataError(
                    .unreadable, "cannot write (errno \(errno)); disk full?", file: path)
            }
            done += n
        }
    }

    /// Closes the file; `sync` waits until it is on disk.
    func close(sync: Bool = true) throws {
        guard !sync || fsync(fd) == 0, Glibc.close(fd) == 0 else {
            throw DataError(.unreadable, "cannot finish the file (errno \(errno))", file: path)
        }
    }

    func abandon() { _ = Glibc.close(fd) }
}

/// Appends to one section of a `SectionFile` through a buffer, keeping its CRC-32.
final class SectionWriter {
    let kind: EventStoreFormat.Kind
    let level: Int
    let offset: Int
    private(set) var length = 0
    private(set) var checksum = Checksum()
    private let file: SectionFile
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20

    init(_ file: SectionFile, kind: EventStoreFormat.Kind, level: Int, offset: Int) {
        self.file = file
        self.kind = kind
        self.level = level
        self.offset = offset
    }

    /// The length rounded up to 8 bytes: where the next section starts.
    var paddedLength: Int { EventStoreFormat.aligned(length) }

    var section: EventStoreFormat.Section {
        .init(kind: kind, level: UInt32(level), offset: UInt64(offset), length: UInt64(length))
    }

    func write<T>(_ values: [T]) throws {
        try values.withUnsafeBytes { bytes in
            checksum.update(bytes)
            if buffer.count + bytes.count > capacity { try flush() }
            if bytes.count >= capacity {
                try file.write(bytes, at: offset + length)
            } else {
                buffer.append(contentsOf: bytes)
            }
            length += bytes.count
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        let start = offset + length - buffer.count
        try buffer.withUnsafeBytes { try file.write($0, at: start) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and the zero padding after the section.
    func finish() throws {
        try flush()
        let padding = paddedLength - length
        if padding > 0 {
            try [UInt8](repeating: 0, count: padding).withUnsafeBytes {
                try file.write($0, at: offset + length)
            }
        }
    }
}
