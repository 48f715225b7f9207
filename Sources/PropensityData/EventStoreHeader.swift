/// The parsed, checked header of an event store file.
struct EventStoreHeader {
    var length: Int
    /// Events, users, products, stores, catalog rows.
    var counts: [Int]
    var levelCount: Int
    var sections: [EventStoreFormat.Section]
    var payloadChecksum: UInt32

    /// Reads the header at the start of `file`, checking magic, version, its own checksum and
    /// that every section lies inside the file, aligned, and appears once.
    init(_ bytes: UnsafeRawBufferPointer, file: String) throws {
        func malformed(_ message: String) -> DataError {
            DataError(.malformed, message, file: file)
        }
        func read<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T {
            T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        guard Array(bytes[0..<8]) == EventStoreFormat.magic else {
            throw malformed("not an event store (no PROPSTOR magic); run `propensity ingest`")
        }
        let version = read(8, as: UInt32.self)
        guard version == EventStoreFormat.version else {
            throw DataError(
                .unsupported,
                "store format version \(version); this build reads version "
                    + "\(EventStoreFormat.version): ingest the data again", file: file)
        }
        length = Int(read(12, as: UInt32.self))
        let sectionCount = Int(read(60, as: UInt32.self))
        guard length == EventStoreFormat.headerLength(sectionCount: sectionCount),
              length <= bytes.count
        else { throw malformed("the header length is inconsistent (truncated file?)") }
        var copy = Array(bytes[0..<length])
        copy.replaceSubrange(68..<72, with: [0, 0, 0, 0])
        guard copy.withUnsafeBytes({ Checksum.of($0) }) == read(68, as: UInt32.self) else {
            throw malformed("header checksum mismatch: the store is damaged; ingest again")
        }
        counts = (0..<5).map { Int(read(16 + 8 * $0, as: UInt64.self)) }
        levelCount = Int(read(56, as: UInt32.self))
        payloadChecksum = read(64, as: UInt32.self)
        sections = []
        for k in 0..<sectionCount {
            let at = EventStoreFormat.fixedHeaderLength + EventStoreFormat.sectionEntryLength * k
            guard let kind = EventStoreFormat.Kind(rawValue: read(at, as: UInt32.self)) else {
                throw malformed("unknown section kind \(read(at, as: UInt32.self))")
            }
            let section = EventStoreFormat.Section(
                kind: kind, level: read(at + 4, as: UInt32.self),
                offset: read(at + 8, as: UInt64.self), length: read(at + 16, as: UInt64.self))
            guard section.offset % 8 == 0, section.offset >= UInt64(length),
                  section.offset + section.length <= UInt64(bytes.count),
                  !sections.contains(where: { $0.kind == kind && $0.level == section.level })
            else { throw malformed("the \(kind) section lies outside the file or repeats") }
            sections.append(section)
        }
    }
}
