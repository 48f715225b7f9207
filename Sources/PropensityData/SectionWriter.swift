import Foundation

#if _endian(big)
#error("the event store format is little-endian; this writer assumes a little-endian host")
#endif

/// Where sections are written at explicit offsets: a new file (`pwrite`), so sections can
/// grow side by side, or memory, for a store built without a file. Either can also hand out
/// its bytes for direct filling (`region`): a file through a shared mapping of its first
/// bytes, so large columns are computed in place instead of copied.
final class SectionFile {
    private enum Target {
        case file(Int32)
        /// `malloc`ed: glibc keeps freed blocks, so a second store reuses warm pages.
        case memory(UnsafeMutableRawPointer, capacity: Int)
    }

    private var target: Target
    /// A file's shared mapping of bytes `0 ..< mappedLength`, after `mapFile`.
    private var mapping: UnsafeMutableRawPointer?
    private var mappedLength = 0
    let path: String
    /// Whether section writers keep CRC-32s: a file's checksum guards it on disk; memory that
    /// is never stored has nothing to guard.
    let checksummed: Bool

    init(url: URL) throws {
        path = url.path
        checksummed = true
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw DataError(
                .unreadable,
                "cannot create the file (errno \(errno)); check the folder exists and is writable",
                file: path)
        }
        target = .file(fd)
    }

    /// Memory for about `capacity` bytes (it grows when written past).
    init(memoryCapacity capacity: Int, name: String) throws {
        path = name
        checksummed = false
        guard let base = malloc(max(capacity, 8)) else {
            throw DataError(.unreadable, "cannot allocate \(capacity) bytes")
        }
        target = .memory(base, capacity: max(capacity, 8))
    }

    deinit {
        if case .memory(let base, _) = target { free(base) }
        unmapFile()
    }

    /// Sizes the file to `length` bytes, reserving its disk blocks so a full disk is an error
    /// here rather than a crash while the mapping is written, and maps them for `region`.
    func mapFile(length: Int) throws {
        guard case .file(let fd) = target, length > 0 else { return }
        let reserved = posix_fallocate(fd, 0, off_t(length))
        // Some file systems cannot reserve blocks; there the size alone has to do.
        guard reserved == 0 || reserved == EOPNOTSUPP || reserved == EINVAL else {
            throw DataError(
                .unreadable, "cannot reserve \(length) bytes (errno \(reserved)); disk full?",
                file: path)
        }
        guard reserved == 0 || ftruncate(fd, off_t(length)) == 0 else {
            throw DataError(.unreadable, "cannot size the file (errno \(errno))", file: path)
        }
        guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
              mapped != MAP_FAILED
        else {
            throw DataError(.unreadable, "cannot map the file (errno \(errno))", file: path)
        }
        mapping = mapped
        mappedLength = length
    }

    private func unmapFile() {
        if let mapping { munmap(mapping, mappedLength) }
        mapping = nil
    }

    /// Bytes `offset ..< offset + count` to fill in place, or nil when they are not mapped
    /// (the caller then writes them).
    func region(at offset: Int, count: Int) -> UnsafeMutableRawPointer? {
        switch target {
        case .memory(let base, let capacity):
            return offset + count <= capacity ? base + offset : nil
        case .file:
            guard let mapping, offset + count <= mappedLength else { return nil }
            return mapping + offset
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        switch target {
        case .file(let fd):
            var done = 0
            while done < bytes.count {
                let n = pwrite(
                    fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
                guard n > 0 else {
                    throw DataError(
                        .unreadable, "cannot write (errno \(errno)); disk full?", file: path)
                }
                done += n
            }
        case .memory(var base, var capacity):
            if offset + bytes.count > capacity {
                capacity = max(2 * capacity, offset + bytes.count)
                guard let grown = realloc(base, capacity) else {
                    throw DataError(.unreadable, "cannot allocate \(capacity) bytes")
                }
                base = grown
                target = .memory(base, capacity: capacity)
            }
            if let source = bytes.baseAddress {
                (base + offset).copyMemory(from: source, byteCount: bytes.count)
            }
        }
    }

    /// Hands the memory to the caller, who frees it; nil for a file.
    func takeMemory() -> UnsafeMutableRawPointer? {
        guard case .memory(let base, _) = target else { return nil }
        target = .file(-1)
        return base
    }

    /// Closes the file; `sync` waits until it is on disk.
    func close(sync: Bool = true) throws {
        unmapFile()
        guard case .file(let fd) = target, fd >= 0 else { return }
        target = .file(-1)
        guard !sync || fsync(fd) == 0, Glibc.close(fd) == 0 else {
            throw DataError(.unreadable, "cannot finish the file (errno \(errno))", file: path)
        }
    }

    func abandon() {
        unmapFile()
        if case .file(let fd) = target, fd >= 0 { _ = Glibc.close(fd) }
        target = .file(-1)
    }
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
    /// Bytes handed out by `reserve` and not yet committed, and the buffer holding them when
    /// the file could not map them.
    private var pending: UnsafeMutableRawBufferPointer?
    private var reserved: UnsafeMutableRawBufferPointer?

    deinit { reserved?.deallocate() }

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
            if file.checksummed { checksum.update(bytes) }
            if buffer.count + bytes.count > capacity { try flush() }
            if bytes.count >= capacity {
                try file.write(bytes, at: offset + length)
            } else {
                buffer.append(contentsOf: bytes)
            }
            length += bytes.count
        }
    }

    /// `count` values of `T` to fill in place, appended to the section: in the file's
    /// mapping or memory when the section lies there, else in a buffer `commit` writes.
    /// Nothing else may be written to the section until `commit`.
    func reserve<T>(_ type: T.Type, count: Int) throws -> UnsafeMutableBufferPointer<T> {
        try flush()
        let bytes = count * MemoryLayout<T>.stride
        let start: UnsafeMutableRawPointer
        if let region = file.region(at: offset + length, count: bytes) {
            start = region
        } else {
            reserved = UnsafeMutableRawBufferPointer.allocate(
                byteCount: max(bytes, 1), alignment: 8)
            start = reserved!.baseAddress!
        }
        pending = UnsafeMutableRawBufferPointer(start: start, count: bytes)
        return UnsafeMutableBufferPointer(
            start: start.bindMemory(to: T.self, capacity: count), count: count)
    }

    /// Takes the reserved values as written: checksums them and writes them when they were
    /// buffered.
    func commit() throws {
        guard let pending else { return }
        self.pending = nil
        let bytes = UnsafeRawBufferPointer(pending)
        if file.checksummed { checksum.update(bytes) }
        if let buffer = reserved {
            defer {
                buffer.deallocate()
                reserved = nil
            }
            try file.write(bytes, at: offset + length)
        }
        length += bytes.count
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
